/**
 * How a change was made, shown with who and when: the parts its log records (Method, Application,
 * IP address, Correlation ID). A part the log records but this entry holds nothing in is
 * "unknown", never blank; a log without the column shows nothing of it. Values from the log are
 * React text, never markup.
 */
import type { HowMade } from '../../shared/domain';
import { HOW_MADE_LABELS, howMadeText, recordedParts } from '../../shared/how-made';

/**
 * Inline, for a list row or a grid cell: the values only, each part named in the tooltip; `first`:
 * only the first part the log records (the method, mostly), where a narrow column has room for one.
 */
export function HowMadeInline({ made, first }: { made: HowMade | undefined; first?: boolean }) {
  const parts = recordedParts(made).slice(0, first ? 1 : undefined);
  if (parts.length === 0) return null;
  return (
    <span className="how-made-inline" title={howMadeText(made)} data-testid="how-made">
      {parts.map((part, i) => (
        <span key={part} className="how-made-part" data-part={part}>
          {i > 0 && ' · '}
          {made![part] ?? <span className="how-made-unknown">{HOW_MADE_LABELS[part].toLowerCase()} unknown</span>}
        </span>
      ))}
    </span>
  );
}

/** A line under an entry's heading: "Method Bulk · IP address ***.**8.1.10", each part named. */
export function HowMadeLine({ made }: { made: HowMade | undefined }) {
  const parts = recordedParts(made);
  if (parts.length === 0) return null;
  return (
    <dl className="how-made-line" aria-label="How the change was made" data-testid="how-made-line">
      {parts.map((part) => (
        <div key={part} className="how-made-item" data-part={part}>
          <dt>{HOW_MADE_LABELS[part]}</dt>
          <dd>{made![part] ?? <span className="how-made-unknown">unknown</span>}</dd>
        </div>
      ))}
    </dl>
  );
}
