/**
 * The most active people in the period, as a list of bars, each a button opening Activity by that
 * person in the period; entries whose log names nobody are counted apart and credited to nobody.
 */
import type { InsightsPerson } from '../../shared/insights';
import { countText } from '../format/values';

export function PeopleBars({
  people,
  others,
  unknown,
  onOpen,
}: {
  people: InsightsPerson[];
  others: { people: number; count: number };
  unknown: number;
  onOpen(person: InsightsPerson): void;
}) {
  const most = Math.max(1, ...people.map((p) => p.count));
  if (people.length === 0 && unknown === 0) return <p className="muted">Nobody made a change in this period.</p>;
  return (
    <div className="insights-people" data-testid="insights-people">
      <ol className="people-bars" aria-label="Most active people, most changes first">
        {people.map((p) => {
          const name = p.name ?? `Person ${String(p.id)}`;
          return (
            <li key={`${typeof p.id}:${String(p.id)}`}>
              <button type="button" className="people-bar" onClick={() => onOpen(p)} title={`${name}: ${countText(p.count)} changes — open in Activity`} data-person={String(p.id)}>
                <span className="people-bar-name">{name}</span>
                <span className="people-bar-track" aria-hidden>
                  <span className="people-bar-fill" style={{ width: `${(100 * p.count) / most}%` }} />
                </span>
                <span className="people-bar-count">{countText(p.count)}</span>
              </button>
            </li>
          );
        })}
      </ol>
      {(others.people > 0 || unknown > 0) && (
        <p className="people-rest muted">
          {others.people > 0 && `${countText(others.people)} others: ${countText(others.count)} changes. `}
          {unknown > 0 && `${countText(unknown)} changes with no person id in the log (credited to no one).`}
        </p>
      )}
    </div>
  );
}
