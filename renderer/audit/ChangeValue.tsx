/**
 * One side of a field change as text: a short value whole, a long text as the words that changed
 * (removed words struck on the old side, added ones marked on the new side), an unknown earlier
 * value as "first recorded". Everything from the log is React text, never markup.
 */
import { Classes, Icon } from '@blueprintjs/core';
import type { ChangeView, ValueView } from '../format/change-values';
import type { DiffPart } from '../../shared/word-diff';

/** The words that changed, on one side: the shared parts plain, this side's own parts marked. */
function DiffText({ parts, side }: { parts: readonly DiffPart[]; side: 'old' | 'new' }) {
  return (
    <>
      {parts.map((part, i) =>
        part.kind === 'same' ? (
          <span key={i}>{part.text}</span>
        ) : part.kind === 'removed' ? (
          side === 'old' ? (
            <del key={i} className="diff-removed">
              {part.text}
            </del>
          ) : null
        ) : side === 'new' ? (
          <ins key={i} className="diff-added">
            {part.text}
          </ins>
        ) : null,
      )}
    </>
  );
}

/** One side of a change. `line`: in a one-line row (shorter words, no icons). */
export function ChangeValue({ view, side, line }: { view: ValueView; side: 'old' | 'new'; line?: boolean }) {
  switch (view.kind) {
    case 'unknown':
      // Unknown is not empty: the log holds no value before this one.
      return (
        <span className="change-value unknown-value" data-value="unknown" title="The log holds no earlier value: what it was before is unknown">
          {line ? 'first recorded' : 'first recorded (earlier value unknown)'}
        </span>
      );
    case 'empty':
      return (
        <span className={`change-value empty-value ${Classes.TEXT_MUTED}`} data-value="empty">
          (empty)
        </span>
      );
    case 'hidden':
      return (
        <span className={`change-value ${Classes.TEXT_MUTED}`} data-value="hidden">
          {!line && <Icon icon="lock" size={12} />} not shown
        </span>
      );
    case 'text':
      return (
        <span className="change-value" data-value="text">
          {view.text}
        </span>
      );
    case 'diff':
      return (
        <span className="change-value diff-value" data-value="diff">
          <DiffText parts={view.parts} side={side} />
          {view.beyond && <span className={`diff-note ${Classes.TEXT_MUTED}`}> (alike as far as shown; the change is further on)</span>}
          {view.cut && !view.beyond && <span className={`diff-note ${Classes.TEXT_MUTED}`}> … (cut)</span>}
        </span>
      );
  }
}

/** A change on one line: `old → new`. */
export function ChangeLine({ view }: { view: ChangeView }) {
  return (
    <span className="change-line">
      <ChangeValue view={view.old} side="old" line />
      <span className="change-arrow" aria-label="to">
        {' → '}
      </span>
      <ChangeValue view={view.new} side="new" line />
    </span>
  );
}
