/**
 * A range of whole days, as the log's expander bar and Activity both filter by: `YYYY-MM-DD` days
 * meant in the user's time zone (the data layer turns them into instants), with the shortcuts of
 * log-filter.ts (today, the last 7 or 30 days, this month…).
 *
 * Honest about what it was given: a typed day is read by typed-day.ts (the user's locale order,
 * or ISO); one that is not a real day says so beside the field and is not sent, and a range that
 * ends before it starts is never sent (the filter keeps its last good range until it is fixed).
 */
import { DateRangeInput } from '@blueprintjs/datetime';
import { format, subMonths } from 'date-fns';
import { enGB } from 'date-fns/locale';
import { useId, useMemo, useState, type FocusEvent, type KeyboardEvent } from 'react';
import { useTimeZone } from '../app/time-zone-context';
import { dateShortcuts } from '../audit/log-filter';
import { dateOfDay, dayOf } from '../format/time';
import { useEscapeInnermost } from './escape-innermost';
import { dayPattern, readTypedDay } from './typed-day';

type End = 'from' | 'to';

/** The locale whose order typed numeric dates follow: the user's (the display stays en-GB's `5 Jan 2025`). */
function userLocale(): string {
  return typeof navigator === 'undefined' ? 'en-GB' : navigator.language || 'en-GB';
}

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
  const locale = userLocale();
  const shortcuts = useMemo(() => dateShortcuts(timeZone), [timeZone]);
  const messageId = useId();
  const escape = useEscapeInnermost();
  // Why the last text typed into each end is not a day (shown once the user leaves the field).
  const [typedError, setTypedError] = useState<Record<End, string | null>>({ from: null, to: null });
  // A range the user asked for that ends before it starts: said, and not sent.
  const [reversed, setReversed] = useState<string | null>(null);

  function change(start: Date | null, end: Date | null) {
    const [nextFrom, nextTo] = [start ? dayOf(start) : null, end ? dayOf(end) : null];
    if (nextFrom && nextTo && nextFrom > nextTo) {
      setReversed(`The range ends (${shortDay(nextTo)}) before it starts (${shortDay(nextFrom)}): change one end.`);
      return;
    }
    setReversed(null);
    if (nextFrom !== from || nextTo !== to) onChange(nextFrom, nextTo);
  }

  /** Checks the text left in a field (on leaving it, or Enter) and says what is wrong with it. */
  function judge(end: End, text: string) {
    const read = readTypedDay(text, locale);
    setTypedError((was) => ({ ...was, [end]: 'error' in read ? read.error : null }));
    if ('day' in read && read.day !== '') {
      // A day typed before the other end was fixed may now make a reversed range: check it here too.
      const [nextFrom, nextTo] = end === 'from' ? [read.day, to] : [from, read.day];
      if (nextFrom && nextTo && nextFrom > nextTo) {
        setReversed(`The range ends (${shortDay(nextTo)}) before it starts (${shortDay(nextFrom)}): change one end.`);
      }
    }
  }

  const inputProps = (end: End, label: string) => ({
    placeholder: end === 'from' ? 'From' : 'To',
    title: `${label}: ${dayPattern(locale)}, yyyy-mm-dd or 5 Jan 2025`,
    'aria-label': label,
    'aria-invalid': typedError[end] !== null || (reversed !== null && end === 'to'),
    'aria-describedby': messageId,
    onBlur: (e: FocusEvent<HTMLInputElement>) => judge(end, e.target.value),
    onKeyDown: (e: KeyboardEvent<HTMLInputElement>) => {
      escape.onKeyDown(e);
      if (e.key === 'Enter') judge(end, e.currentTarget.value);
    },
    onChange: () => setTypedError((was) => (was[end] === null ? was : { ...was, [end]: null })),
  });

  const message = [typedError.from && `From: ${typedError.from}`, typedError.to && `To: ${typedError.to}`, reversed].filter(Boolean).join(' ');
  const today = new Date();
  // An audit looks back: the two months shown are last month and this one, unless a start is set.
  const startMonth = from ? dateOfDay(from) : null;
  const initialMonth = startMonth && (startMonth.getFullYear() !== today.getFullYear() || startMonth.getMonth() !== today.getMonth()) ? startMonth : subMonths(today, 1);

  return (
    <div className="day-range">
      <DateRangeInput
        value={[from ? dateOfDay(from) : null, to ? dateOfDay(to) : null]}
        onChange={([start, end]) => change(start, end)}
        formatDate={(d) => format(d, 'd MMM yyyy')}
        parseDate={(text) => {
          const read = readTypedDay(text, locale);
          return 'day' in read && read.day !== '' ? dateOfDay(read.day) : null;
        }}
        shortcuts={shortcuts}
        allowSingleDayRange
        locale={enGB}
        singleMonthOnly={false}
        initialMonth={initialMonth}
        minDate={new Date(1990, 0, 1)}
        maxDate={new Date(today.getFullYear() + 1, 11, 31)}
        startInputProps={inputProps('from', 'From day')}
        endInputProps={inputProps('to', 'To day')}
        popoverProps={{ placement: 'bottom-start', ...escape.popoverProps }}
      />
      <div id={messageId} className="day-range-message" role="alert" data-testid="day-range-message">
        {message}
      </div>
    </div>
  );
}

function shortDay(day: string): string {
  return format(dateOfDay(day), 'd MMM yyyy');
}
