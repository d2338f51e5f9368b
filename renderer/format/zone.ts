/**
 * The one way a time zone is written on screen: its IANA name with spaces (`America/New York`),
 * `UTC` for UTC, and its offset from UTC as `UTC+01:00` / `UTC-05:00` (never `GMT+1` beside `UTC`,
 * never an abbreviation like `BST` that means different things in different places).
 */
import { temporalOffset } from './temporal';

/** Names the tz database renamed: the runtime may know only one of each pair, people type either. */
const RENAMED: Record<string, string> = {
  'Asia/Calcutta': 'Kolkata',
  'Asia/Kolkata': 'Calcutta',
  'Europe/Kiev': 'Kyiv',
  'Europe/Kyiv': 'Kiev',
  'Asia/Saigon': 'Ho Chi Minh',
  'Asia/Ho_Chi_Minh': 'Saigon',
  'Asia/Katmandu': 'Kathmandu',
  'Asia/Kathmandu': 'Katmandu',
  'Asia/Rangoon': 'Yangon',
  'Asia/Yangon': 'Rangoon',
};

const UTC_NAMES = new Set(['UTC', 'Etc/UTC', 'Etc/UCT', 'Etc/Universal', 'Etc/Zulu', 'UCT', 'Universal', 'Zulu', 'Etc/GMT', 'GMT']);

/** `America/New York`; `UTC` for every name of UTC. */
export function zoneName(zone: string): string {
  return UTC_NAMES.has(zone) ? 'UTC' : zone.replace(/_/g, ' ');
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at `at`, as `UTC+05:30` (`UTC+00:00` at zero); '' for an unknown zone. */
export function zoneOffset(zone: string, at: Date = new Date()): string {
  // Without a date formatter where the browser can (temporal.ts): the navbar's first render writes one.
  const offset = temporalOffset(zone, at);
  if (offset !== null) return `UTC${offset}`;
  let format = offsetFormats.get(zone);
  try {
    if (!format) {
      format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
      offsetFormats.set(zone, format);
    }
    const text = format.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? '';
    // ICU writes "GMT+05:30", and plain "GMT" at zero.
    const m = /^GMT([+-−]\d{2}:\d{2})?$/.exec(text);
    if (!m) return '';
    return `UTC${(m[1] ?? '+00:00').replace('−', '-')}`;
  } catch {
    return '';
  }
}

/** `America/New York (UTC-05:00)`, or just `UTC`: a zone with its offset at `at`. */
export function zoneWithOffset(zone: string, at: Date = new Date()): string {
  const name = zoneName(zone);
  const offset = zoneOffset(zone, at);
  return name === 'UTC' || offset === '' ? name : `${name} (${offset})`;
}

/**
 * Whether a zone answers what the user typed: any part of its name, spaces or underscores alike
 * (`new york`, `new_york`, `york`), its former or later name (`kolkata` for Asia/Calcutta), or
 * its offset (`+05:30`, `utc-5`).
 */
export function zoneMatches(query: string, zone: string, at: Date = new Date()): boolean {
  const q = normalise(query);
  if (q === '') return true;
  const offset = zoneOffset(zone, at);
  const hay = normalise(`${zone} ${RENAMED[zone] ?? ''} ${zoneName(zone)} ${offset} ${shortOffset(offset)}`);
  return q.split(' ').every((word) => hay.includes(word));
}

/** `UTC-5` for `UTC-05:00`, `UTC+5:30` for `UTC+05:30`: how people type an offset. */
function shortOffset(offset: string): string {
  const m = /^UTC([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (!m) return '';
  return `UTC${m[1]}${Number(m[2])}${m[3] === '00' ? '' : `:${m[3]}`}`;
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/[_\s]+/g, ' ').replace(/−/g, '-').trim();
}
