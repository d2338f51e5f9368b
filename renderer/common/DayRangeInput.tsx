/**
 * A range of whole days, as the log's expander bar and Activity both filter by: `YYYY-MM-DD` days
 * meant in the user's time zone (the data layer turns them into instants), with the shortcuts of
 * log-filter.ts (today, the last 7 or 30 days, this month…).
 *
 * Honest about what it was given: a typed day is read by typed-day.ts (the user's locale order,
 * or ISO); one that is not a real day says so beside the field and is not sent, and a range that
 * ends before it starts is never sent (the filter keeps its last good range until it is fixed).
 */
// With the chunk that draws a date input, not before the first paint.
import '@blueprintjs/datetime/lib/css/blueprint-datetime.css';
import { DateRangeInput } from '@blueprintjs/datetime';
import { format, subMonths } from 'date-fns';
import { enGB } from 'date-fns/locale';
import { useId, useMemo, useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { useTimeZone } from '../app/time-zone-context';
import { dateShortcuts } from '../audit/log-filter';
import { dateOfDay, dayOf } from '../format/time';
import { useEscapeInnermost } from './escape-innermost';
import { dayPattern, readTypedDay } from './typed-day';

type End = 'from' | 'to';

/** No audit log in use predates this; the calendar stops here. */
const MIN_DATE = new Date(1990, 0, 1);

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

  // The text last typed into each end: what a message is about (the box itself may show the last good day).
  const typed = useRef<Record<End, string>>({ from: '', to: '' });

  function change(start: Date | null, end: Date | null) {
    const [nextFrom, nextTo] = [start ? dayOf(start) : null, end ? dayOf(end) : null];
    // An end that took a new day (typed, picked or a shortcut) has nothing left to complain about.
    if (nextFrom !== from) settle('from');
    if (nextTo !== to) settle('to');
    if (nextFrom && nextTo && nextFrom > nextTo) {
      setReversed(`The range ends (${shortDay(nextTo)}) before it starts (${shortDay(nextFrom)}): change one end.`);
      return;
    }
    setReversed(null);
    if (nextFrom !== from || nextTo !== to) onChange(nextFrom, nextTo);
  }

  function settle(end: End) {
    typed.current[end] = '';
    setTypedError((was) => (was[end] === null ? was : { ...was, [end]: null }));
  }

  /** Checks the text last typed into a field (on leaving it, or Enter) and says what is wrong with it. */
  function judge(end: End) {
    const read = readTypedDay(typed.current[end], locale);
    const outside = 'day' in read && read.day !== '' && (read.day < dayOf(MIN_DATE) || read.day > dayOf(maxDate));
    const error = 'error' in read ? read.error : outside ? `Pick a day from ${shortDay(dayOf(MIN_DATE))} to ${shortDay(dayOf(maxDate))}.` : null;
    setTypedError((was) => ({ ...was, [end]: error }));
    if (outside) return;
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
    onBlur: () => judge(end),
    onKeyDown: (e: KeyboardEvent<HTMLInputElement>) => {
      escape.onKeyDown(e);
      if (e.key === 'Enter') judge(end);
    },
    onChange: (e: ChangeEvent<HTMLInputElement>) => {
      typed.current[end] = e.target.value;
      setTypedError((was) => (was[end] === null ? was : { ...was, [end]: null }));
    },
  });

  const message = [typedError.from && `From: ${typedError.from}`, typedError.to && `To: ${typedError.to}`, reversed].filter(Boolean).join(' ');
  const today = new Date();
  const maxDate = new Date(today.getFullYear() + 1, 11, 31);
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
        minDate={MIN_DATE}
        maxDate={maxDate}
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
