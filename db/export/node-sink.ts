/** Writing an export into a Node stream (a file, stdout, an HTTP response) with back-pressure. */
import type { Writable } from 'node:stream';
import type { ExportSink } from './exporter';

/**
 * A sink that writes each chunk and, when the stream's buffer is full, waits for 'drain' before
 * the exporter reads the next page; a stream that closes or fails meanwhile ends the wait with an
 * error, so a reader that went away never leaves the export hanging.
 */
export function writableSink(stream: Writable): ExportSink {
  return (chunk) => {
    if (stream.destroyed || stream.writableEnded) return Promise.reject(new Error('The export destination was closed.'));
    if (stream.write(chunk, 'utf8')) return;
    return new Promise<void>((resolve, reject) => {
      const cleanup = () => {
        stream.off('drain', onDrain);
        stream.off('close', onClose);
        stream.off('error', onError);
      };
      const onDrain = () => {
        cleanup();
        resolve();
      };
      const onClose = () => {
        cleanup();
        reject(new Error('The export destination was closed.'));
      };
      const onError = (error: Error) => {
        cleanup();
        reject(error);
      };
      stream.on('drain', onDrain);
      stream.on('close', onClose);
      stream.on('error', onError);
    });
  };
}
