/**
 * A record's changes over time, as a strip of bars above its log: one aggregate call (getInsights
 * narrowed to the record, counted by the database, never by reading entries), made after the log's
 * first page. A bar narrows the log's date range to its period. Loaded as a chunk of its own.
 */
import { useApi } from '../api/api-context';
import { useTimeZone } from '../app/time-zone-context';
import { useCall } from '../common/use-call';
import type { RecordId } from '../../shared/domain';
import type { InsightsBucket } from '../../shared/insights';
import { countText } from '../format/values';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function periodText(bucket: InsightsBucket, granularity: string): string {
  const [y, m, d] = bucket.from.split('-');
  if (granularity === 'month') return `${MONTHS[Number(m) - 1]} ${y}`;
  const day = `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`;
  return granularity === 'week' ? `week of ${day}` : day;
}

export function LogTimeline({
  table,
  recordId,
  selected,
  onPeriod,
}: {
  table: string;
  recordId: RecordId;
  /** The log's date range, to mark the bars inside it. */
  selected: { from: string | null; to: string | null };
  /** Narrows the log to a bar's days. */
  onPeriod(from: string, to: string): void;
}) {
  const api = useApi();
  const timeZone = useTimeZone();
  const call = useCall(JSON.stringify(['timeline', table, recordId, timeZone]), (signal) =>
    api.getInsights({ record: { table, id: recordId }, filter: { timeZone }, people: 0 }, { signal }),
  );
  const insights = call.value;
  if (!insights || insights.buckets.length < 2) return null;
  const most = Math.max(1, ...insights.buckets.map((b) => b.total));
  const inRange = (b: InsightsBucket) => selected.from !== null && selected.to !== null && b.from >= selected.from && b.to <= selected.to;
  return (
    <div className="log-timeline" role="group" aria-label={`Changes per ${insights.granularity}, ${insights.from} to ${insights.to}`} data-testid="log-timeline">
      <span className="log-timeline-label">{insights.from?.slice(0, 7)}</span>
      <div className="log-timeline-bars">
        {insights.buckets.map((b) => {
          const text = `${periodText(b, insights.granularity)}: ${countText(b.total)} ${b.total === 1 ? 'change' : 'changes'}`;
          return (
            <button
              key={b.key}
              type="button"
              className={`log-timeline-bar${inRange(b) ? ' selected' : ''}`}
              title={`${text} — show only these days`}
              aria-label={text}
              disabled={b.total === 0}
              onClick={() => onPeriod(b.from, b.to)}
            >
              <span style={{ height: `${b.total ? Math.max(12, (100 * b.total) / most) : 0}%` }} />
            </button>
          );
        })}
      </div>
      <span className="log-timeline-label">{insights.to?.slice(0, 7)}</span>
    </div>
  );
}
