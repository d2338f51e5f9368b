/**
 * The export dialog: what will be exported (the filter on screen, in words), the format, then a
 * progress bar with entries done of the total, Cancel while it runs, and the outcome (entries,
 * lines, size, time). The export itself runs in the shell (see api/exporter.ts).
 */
import { Button, Callout, Classes, Dialog, DialogBody, DialogFooter, FormGroup, ProgressBar, SegmentedControl } from '@blueprintjs/core';
import { useEffect, useRef, useState } from 'react';
import { toErrorPayload } from '../../shared/errors';
import { describeExportSource, type ExportFormat, type ExportProgress, type ExportResult, type ExportSource } from '../../shared/export-contract';
import { hasEntriesToExport, nothingToExportText } from '../../shared/export-empty';
import { useApi } from '../api/api-context';
import { startExport, type RunningExport } from '../api/exporter';
import { useCall } from '../common/use-call';
import { countText } from '../format/values';
import { byteSizeText } from '../../shared/byte-size';

type Phase =
  | { kind: 'choosing' }
  | { kind: 'running'; progress: ExportProgress | null }
  | { kind: 'done'; result: ExportResult; ms: number }
  | { kind: 'not-saved' }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };


function timeText(ms: number): string {
  return ms < 1000 ? `${Math.max(1, Math.round(ms))} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function ExportDialog({ source, onClose }: { source: ExportSource; onClose(): void }) {
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [phase, setPhase] = useState<Phase>({ kind: 'choosing' });
  const running = useRef<RunningExport | null>(null);
  const api = useApi();
  // Asked as the dialog opens: an export of nothing is said, and not saved as a header-only file.
  const holds = useCall(JSON.stringify(source), (signal) => hasEntriesToExport(api, source, { signal }));
  const empty = holds.value === false;

  // Closing the dialog (or the window moving on) while exporting cancels the export.
  useEffect(() => () => running.current?.cancel(), []);

  const start = () => {
    const began = performance.now();
    setPhase({ kind: 'running', progress: null });
    const run = startExport({ source, format }, { onProgress: (progress) => setPhase({ kind: 'running', progress }) });
    running.current = run;
    run.done.then(
      (result) => setPhase(result ? { kind: 'done', result, ms: performance.now() - began } : { kind: 'not-saved' }),
      (error: unknown) => {
        const payload = toErrorPayload(error);
        setPhase(payload.code === 'cancelled' ? { kind: 'cancelled' } : { kind: 'failed', message: payload.message });
      },
    ).finally(() => {
      if (running.current === run) running.current = null;
    });
  };
  const isRunning = phase.kind === 'running';
  // Once done, the bar stays, full, with the final figures.
  const shown: ExportProgress | null =
    phase.kind === 'running' ? phase.progress : phase.kind === 'done' ? { ...phase.result, total: phase.result.entries } : null;
  const value = phase.kind === 'done' ? 1 : shown?.total ? Math.min(1, shown.entries / shown.total) : shown?.total === 0 ? 1 : undefined;

  return (
    <Dialog isOpen onClose={isRunning ? undefined : onClose} canEscapeKeyClose={!isRunning} canOutsideClickClose={false} title="Export" icon="export" className="export-dialog">
      <DialogBody>
        <FormGroup label="What" className="export-what">
          <span data-testid="export-summary">{describeExportSource(source)}</span>
        </FormGroup>
        <FormGroup label="Format" helperText={format === 'csv' ? 'One line per field change, for spreadsheets (UTF-8, times in UTC).' : 'One entry per line, as JSON, for scripts.'}>
          <SegmentedControl
            small
            aria-label="Format"
            value={format}
            disabled={isRunning}
            options={[
              { label: 'CSV', value: 'csv' },
              { label: 'JSON Lines', value: 'jsonl' },
            ]}
            onValueChange={(v) => setFormat(v as ExportFormat)}
          />
        </FormGroup>
        {(isRunning || phase.kind === 'done') && (
          <div
            className="export-progress"
            data-testid="export-progress"
            data-state={phase.kind}
            data-entries={shown?.entries ?? 0}
            data-total={shown?.total ?? ''}
          >
            <ProgressBar intent={phase.kind === 'done' ? 'success' : 'primary'} value={value} animate={isRunning} stripes={isRunning} />
            <div className={Classes.TEXT_MUTED} data-testid="export-progress-text">
              {shown
                ? `${countText(shown.entries)}${shown.total === null ? '' : ` of ${countText(shown.total)}`} entries · ${byteSizeText(shown.bytes)}`
                : 'Starting…'}
            </div>
          </div>
        )}
        {empty && (
          <Callout intent="warning" icon="search" compact data-testid="export-empty">
            {nothingToExportText(source)} Change the filter to export something.
          </Callout>
        )}
        {phase.kind === 'done' && (
          <Callout intent="success" icon="tick-circle" compact data-testid="export-result">
            Exported {countText(phase.result.entries)} {phase.result.entries === 1 ? 'entry' : 'entries'} ({countText(phase.result.rows)} lines,{' '}
            {byteSizeText(phase.result.bytes)}) to {phase.result.fileName} in {timeText(phase.ms)}.
          </Callout>
        )}
        {phase.kind === 'cancelled' && (
          <Callout icon="disable" compact data-testid="export-cancelled">
            The export was cancelled; nothing was saved.
          </Callout>
        )}
        {phase.kind === 'not-saved' && (
          <Callout icon="disable" compact data-testid="export-cancelled">
            No file was chosen; nothing was saved.
          </Callout>
        )}
        {phase.kind === 'failed' && (
          <Callout intent="danger" icon="error" compact data-testid="export-error">
            {phase.message}
          </Callout>
        )}
      </DialogBody>
      <DialogFooter
        minimal
        actions={
          isRunning ? (
            <Button icon="stop" onClick={() => running.current?.cancel()}>
              Cancel
            </Button>
          ) : (
            <>
              <Button onClick={onClose}>Close</Button>
              <Button intent="primary" icon="export" onClick={start} disabled={empty || holds.loading}>
                {phase.kind === 'choosing' ? 'Export' : 'Export again'}
              </Button>
            </>
          )
        }
      />
    </Dialog>
  );
}
