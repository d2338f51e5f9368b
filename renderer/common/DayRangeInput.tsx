/**
 * A range of whole days, as the log's expander bar and Activity both filter by: `YYYY-MM-DD` days
 * meant in the user's time zone (the data layer turns them into instants), with the shortcuts of
 * log-filter.ts (today, the last 7 or 30 days, this month…).
 */
import { DateRangeInput } from '@blueprintjs/datetime';
import { format } from 'date-fns';
import { enGB } from 'date-fns/locale';
import { useMemo } from 'react';
import { useTimeZone } from '../app/time-zone-context';
import { dateShortcuts } from '../audit/log-filter';
import { dateOfDay, dayOf } from '../format/time';

export function DayRangeInput({
  from,
  to,
  onChange,
}: {
  from: string | null;
  to: string | null;
  onChange(from: string | null, to: string | null): void;
}) {
  const timeZone = useTimeZone();
  const shortcuts = useMemo(() => dateShortcuts(timeZone), [timeZone]);
  return (
    <DateRangeInput
      value={[from ? dateOfDay(from) : null, to ? dateOfDay(to) : null]}
      onChange={([start, end]) => onChange(start ? dayOf(start) : null, end ? dayOf(end) : null)}
      formatDate={(d) => format(d, 'd MMM yyyy')}
      parseDate={parseDay}
      shortcuts={shortcuts}
      allowSingleDayRange
      locale={enGB}
      singleMonthOnly={false}
      minDate={new Date(1990, 0, 1)}
      maxDate={new Date(new Date().getFullYear() + 1, 11, 31)}
      startInputProps={{ placeholder: 'From', 'aria-label': 'From day' }}
      endInputProps={{ placeholder: 'To', 'aria-label': 'To day' }}
      popoverProps={{ placement: 'bottom-start' }}
    />
  );
}

/** A typed day, read as that calendar day (the time of day and zone are not the user's point). */
function parseDay(text: string): Date | null {
  const t = Date.parse(text);
  if (Number.isNaN(t)) return null;
  const d = new Date(t);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate());
}
