/**
 * The hour × weekday heat map on the organisation's (or the chosen) zone's clock: a table whose
 * every cell is a button saying its count, so it is read by screen readers and reached by Tab;
 * a cell opens Activity for that hour of the week in the period.
 */
import { HTMLTable } from '@blueprintjs/core';
import { WEEKDAY_NAMES, WEEKDAY_SHORT, describeHoursOfWeek, type HourOfWeek } from '../../shared/hours-of-week';
import { countText } from '../format/values';
import { heatBackground } from './insights-format';

export function HourHeatmap({ heatmap, zoneLabel, onOpen }: { heatmap: number[][]; zoneLabel: string; onOpen(hour: HourOfWeek): void }) {
  const busiest = Math.max(1, ...heatmap.flat());
  return (
    <HTMLTable compact className="insights-heatmap" aria-label={`Changes by hour and weekday, ${zoneLabel}`} data-testid="insights-heatmap">
      <thead>
        <tr>
          <th scope="col">
            <span className="insights-sr-only">Weekday</span>
          </th>
          {Array.from({ length: 24 }, (_, h) => (
            <th key={h} scope="col" className="heat-hour">
              {String(h).padStart(2, '0')}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {heatmap.map((row, w) => (
          <tr key={w}>
            <th scope="row" className="heat-day" title={WEEKDAY_NAMES[w]}>
              {WEEKDAY_SHORT[w]}
            </th>
            {row.map((n, h) => {
              const hour = { weekday: w + 1, hour: h };
              const background = heatBackground(n / busiest);
              const label = `${describeHoursOfWeek([hour])}: ${countText(n)} ${n === 1 ? 'change' : 'changes'}`;
              return (
                <td key={h} className="heat-cell" style={{ background }}>
                  <button type="button" className="heat-button" title={label} aria-label={label} disabled={n === 0} onClick={() => onOpen(hour)} data-cell={`${w + 1}-${h}`}>
                    {n === 0 ? '' : compact(n)}
                  </button>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </HTMLTable>
  );
}

/** A count in at most four characters: 950, 9.5k, 12k, 1.2M. */
function compact(n: number): string {
  if (n < 1000) return String(n);
  if (n < 10_000) return `${(n / 1000).toFixed(1)}k`;
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
  return `${(n / 1e6).toFixed(1)}M`;
}
