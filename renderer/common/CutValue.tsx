/**
 * A long text that a page carried cut (a `TruncatedValue`): beside its beginning, how long it is
 * whole, "Show all" (the whole text in a scrollable dialog) and "Copy" (the whole value). The
 * whole value is read only when asked for, one field at a time, with `getFullValue`.
 */
import { Button, Classes, Dialog, DialogBody, DialogFooter, Spinner } from '@blueprintjs/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { GetFullValueRequest } from '../../shared/contract';
import type { FieldValue, RecordId, TruncatedValue } from '../../shared/domain';
import { isTruncatedValue } from '../../shared/values';
import { useApi } from '../api/api-context';
import { ErrorState, LoadingState } from './states';
import { textBlockStarts } from '../format/text-blocks';
import { countText, fieldLabel } from '../format/values';

/** Where the whole of a field's value is read; null when it cannot be (nothing is offered then). */
export type FullValueOf = (field: string, which: 'value' | 'before') => GetFullValueRequest | null;

/** A record's own values (the properties window, a deleted record's last snapshot). */
export function recordValues(table: string, id: RecordId): FullValueOf {
  return (field) => ({ table, id, field });
}

/**
 * A log entry's values: the value is its snapshot's; the value before is its change's `old`, or,
 * beside `other` (two entries compared), the other entry's snapshot value.
 */
export function entryValues(table: string, entry: { recordId: RecordId; logId: RecordId }, other?: { logId: RecordId }): FullValueOf {
  return (field, which) => {
    if (which === 'value') return { table, id: entry.recordId, field, logId: entry.logId };
    return other ? { table, id: entry.recordId, field, logId: other.logId } : { table, id: entry.recordId, field, logId: entry.logId, of: 'old' };
  };
}

/** The whole value as text for reading and copying. */
function wholeText(value: FieldValue): string {
  if (value === null) return '';
  if (typeof value === 'object') return value.kind === 'truncated' ? value.text : `binary data (${value.bytes} bytes)`;
  return String(value);
}

/** Reads the whole value once per request and hands it to every caller. */
function useWholeValue(request: GetFullValueRequest | null): (signal?: AbortSignal) => Promise<string> {
  const api = useApi();
  const [cache] = useState(() => new Map<string, Promise<string>>());
  // Callers build the request afresh on every render: what it asks for is its text.
  const key = request ? JSON.stringify(request) : null;
  return useCallback(
    (signal?: AbortSignal): Promise<string> => {
      if (key === null) return Promise.reject(new Error('The whole value cannot be read here.'));
      let text = cache.get(key);
      if (!text) {
        text = api.getFullValue(JSON.parse(key) as GetFullValueRequest, signal ? { signal } : {}).then((r) => wholeText(r.value));
        // A failed or abandoned read is not remembered: the next click tries again.
        text.catch(() => cache.delete(key));
        cache.set(key, text);
      }
      return text;
    },
    [api, cache, key],
  );
}

/** The length, "Show all" and "Copy" of a cut value; nothing for any other value. */
export function CutValueActions({ value, request }: { value: FieldValue | undefined; request: GetFullValueRequest | null }) {
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState<'copying' | 'yes' | 'failed' | null>(null);
  const whole = useWholeValue(request);
  if (!isTruncatedValue(value)) return null;

  const copy = () => {
    setCopied('copying');
    whole()
      .then((text) => navigator.clipboard.writeText(text))
      .then(
        () => setCopied('yes'),
        () => setCopied('failed'),
      );
  };
  return (
    <span className="cut-value" data-cut-length={value.length}>
      <span className={Classes.TEXT_MUTED}>{countText(value.length)} characters; the beginning is shown.</span>
      {request && (
        <>
          <Button small minimal icon="maximize" text="Show all" className="cut-value-show" onClick={() => setOpen(true)} />
          <Button
            small
            minimal
            icon={copied === 'yes' ? 'tick' : copied === 'copying' ? <Spinner size={12} /> : 'duplicate'}
            text={copied === 'yes' ? 'Copied' : copied === 'failed' ? 'Copy failed' : 'Copy'}
            intent={copied === 'failed' ? 'danger' : 'none'}
            className="cut-value-copy"
            onClick={copy}
          />
          {open && <FullValueDialog value={value} request={request} whole={whole} onClose={() => setOpen(false)} onCopy={copy} copied={copied} />}
        </>
      )}
    </span>
  );
}

function FullValueDialog({
  value,
  request,
  whole,
  onClose,
  onCopy,
  copied,
}: {
  value: TruncatedValue;
  request: GetFullValueRequest;
  whole: (signal?: AbortSignal) => Promise<string>;
  onClose(): void;
  onCopy(): void;
  copied: 'copying' | 'yes' | 'failed' | null;
}) {
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    whole(controller.signal).then(
      (t) => !controller.signal.aborted && setText(t),
      (e: unknown) => !controller.signal.aborted && setError(e instanceof Error ? e : new Error(String(e))),
    );
    return () => controller.abort();
  }, [whole, attempt]);

  return (
    <Dialog isOpen onClose={onClose} title={`${fieldLabel(request.field)}: ${countText(value.length)} characters`} icon="document" className="full-value-dialog">
      <DialogBody>
        {error ? (
          <ErrorState error={error} onRetry={() => setAttempt((n) => n + 1)} compact />
        ) : text === null ? (
          <LoadingState what="the whole value" />
        ) : (
          <WholeText text={text} label={`The whole of ${fieldLabel(request.field)}`} />
        )}
      </DialogBody>
      <DialogFooter
        actions={
          <>
            <Button icon={copied === 'yes' ? 'tick' : 'duplicate'} text={copied === 'yes' ? 'Copied' : 'Copy'} onClick={onCopy} disabled={text === null} />
            <Button text="Close" onClick={onClose} />
          </>
        }
      />
    </Dialog>
  );
}

/** Rough height of a block before it is measured (16,000 characters wrap to some 2,000 pixels). */
const BLOCK_HEIGHT_GUESS = 2000;

/** A whole text, scrollable, laid out a block at a time as it scrolls into view (see text-blocks.ts). */
function WholeText({ text, label }: { text: string; label: string }) {
  const scroller = useRef<HTMLDivElement>(null);
  const starts = useMemo(() => textBlockStarts(text), [text]);
  const virtualizer = useVirtualizer({
    count: starts.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => BLOCK_HEIGHT_GUESS,
    overscan: 1,
  });
  return (
    <div ref={scroller} className="full-value-text" role="document" aria-label={label} tabIndex={0} data-testid="full-value-text" data-length={text.length}>
      <div className="full-value-blocks" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => (
          <div
            key={item.key}
            ref={virtualizer.measureElement}
            data-index={item.index}
            className="full-value-block"
            style={{ transform: `translateY(${item.start}px)` }}
          >
            {text.slice(starts[item.index], starts[item.index + 1] ?? text.length)}
          </div>
        ))}
      </div>
    </div>
  );
}
