/**
 * The address: what the main window shows, written into the location's hash and read back from it.
 * This module is the only place that knows the address's form (components hand it an `Address`
 * and never build a URL); it is pure, so a round trip and every hostile address are unit-tested.
 *
 * The hash, not the path, because both shells load the same renderer: the web shell from
 * `http://127.0.0.1:port/` (where any path other than `/` would have to be served as the page too)
 * and the desktop from a `file://…/index.html` URL, whose path is the file itself. A hash changes
 * neither: reloading, Back/Forward and a new tab all keep the page and hand the hash to the app.
 *
 * Forms (see the README, "Sharing what you see"):
 *
 *     #/table/Customer                 the Customer table's records
 *     #/table/Customer/deleted         its deleted records
 *     #/activity?from=2026-01-01&to=2026-01-31&zone=Europe/London&by=person:7&table=Customer&cue=Deleted&field=Phone&method=Bulk
 *                                      (how a change was made: method, application, ip, correlation)
 *     #/activity?since=2026-10-03T01:10:05Z&until=2026-10-03T01:14:41.000000001Z&by=person:9&performed=person
 *                                      a finding's entries (an instant range; Performed by)
 *     #/activity?hour=sun-03           Activity on Sundays 03:00–04:00 (an Insights heat-map cell)
 *     #/review?from=2026-10-01&to=2026-10-31&zone=Europe/London
 *                                      Review's findings of a period
 *     #/insights?from=2026-01-01&to=2026-03-31&zone=Europe/London&per=week&split=cue
 *     #/health                         Log health
 *     …?record=Customer&id=42          with Customer 42's properties window open over it
 *     …?record=Customer&id=42&log      on its log
 *     …?record=Customer&id=42&entry=1234&logFrom=2026-01-01&logBy=mine
 *                                      on its log, entry 1234 selected, the log's filter set
 *     …?record=Customer&id=42&related=1&logTable=Contact&entry=77&entryTable=Contact
 *                                      on its log with its related records', only its contacts'
 *                                      entries, Contact's log entry 77 selected
 *
 * Dates are whole days in `zone` (written whenever a date is), so an address means the same days
 * wherever it is opened.
 */
import { NAMED_CHANGE_CUES } from '../../shared/change-cue';
import { isValidTimeZone } from '../../shared/day-range';
import type { ChangeCue, HowMadeFilter, InstantRange, LoggedTable, ModifiedBy, PerformedBy } from '../../shared/domain';
import { filteredParts, HOW_MADE_PARTS } from '../../shared/how-made';
import { NO_ACTIVITY_FILTER, type ActivityViewFilter } from '../activity/activity-filter';
import { NO_FILTER, type LogFilter } from '../audit/log-filter';
import { WEEKDAY_SHORT, type HourOfWeek } from '../../shared/hours-of-week';
import { INSIGHTS_GRANULARITIES, type InsightsGranularity } from '../../shared/insights';
import { NO_INSIGHTS_FILTER, type InsightsViewFilter } from '../insights/insights-filter';

/** What the centre of the main window shows. */
export type MainView =
  /** Nothing chosen yet: the first table is chosen once the tables are known. */
  | { kind: 'start' }
  | { kind: 'table'; table: string; tab: 'records' | 'deleted' }
  | { kind: 'activity'; filter: ActivityViewFilter }
  /** Log health (admins): each log's size, age, growth, rows past retention, missing indexes. */
  | { kind: 'health' }
  /** Review's findings of a period (whole days, inclusive; null: open). */
  | { kind: 'review'; from: string | null; to: string | null }
  | { kind: 'insights'; filter: InsightsViewFilter };

/** The record whose properties window is open, and how. */
export interface RecordAddress {
  table: string;
  /** As text: the data layer reads it as its key column's type. */
  id: string;
  /** The window shows the record's log (rather than its form). */
  log: boolean;
  /** The log entry selected (its log id); null: the newest. Implies `log`. */
  entry: string | null;
  /**
   * The table whose log holds `entry`, when it is a related record's (log ids are per log):
   * null for the record's own table.
   */
  entryTable: string | null;
  /** The log shows the record's related records' entries too (`getRelatedHistory`). Implies `log`. */
  related: boolean;
  /** The log's expander-bar filter. */
  filter: LogFilter;
}

export interface Address {
  view: MainView;
  record: RecordAddress | null;
  /** The zone the address's dates are days in (null when it has no date). */
  zone: string | null;
}

export const START: Address = { view: { kind: 'start' }, record: null, zone: null };

/** An address as read: what could be read of it, and one sentence per part that could not. */
export interface ParsedAddress {
  address: Address;
  problems: string[];
}

/** Longer than any address the app writes by far; a longer one is not read at all. */
export const MAX_ADDRESS_LENGTH = 4096;
/** Names quoted back in a sentence are cut to this (an address may carry anything). */
const QUOTE_LENGTH = 60;

const CUES: readonly ChangeCue[] = NAMED_CHANGE_CUES;

/** A name or value from an address, quoted for a sentence: one line, bounded. */
export function quoted(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return `"${line.length > QUOTE_LENGTH ? `${line.slice(0, QUOTE_LENGTH)}…` : line}"`;
}

/** Reads `location.hash` (with or without its `#`). Never throws: what cannot be read is dropped and said. */
export function parseAddress(hash: string): ParsedAddress {
  const problems: string[] = [];
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (text === '' || text === '/') return { address: START, problems };
  if (text.length > MAX_ADDRESS_LENGTH) return { address: START, problems: ['The address is too long to be one of this app’s, so it was not read.'] };

  const queryAt = text.indexOf('?');
  const pathText = queryAt < 0 ? text : text.slice(0, queryAt);
  let params: URLSearchParams;
  let segments: string[];
  try {
    params = new URLSearchParams(queryAt < 0 ? '' : text.slice(queryAt + 1));
    segments = pathText.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
  } catch {
    return { address: START, problems: ['The address is garbled (a broken %-escape), so it was not read.'] };
  }

  const zoneText = single(params, 'zone');
  let zone: string | null = null;
  if (zoneText !== null) {
    if (isValidTimeZone(zoneText)) zone = zoneText;
    else problems.push(`The address’s time zone ${quoted(zoneText)} is not one this app knows, so its dates were read in yours.`);
  }

  let view: MainView;
  const [first, second, third, ...rest] = segments;
  if (first === 'table' && second !== undefined && second !== '' && rest.length === 0 && (third === undefined || third === 'records' || third === 'deleted')) {
    view = { kind: 'table', table: second, tab: third === 'deleted' ? 'deleted' : 'records' };
  } else if (first === 'activity' && second === undefined) {
    view = { kind: 'activity', filter: activityFilterOf(params, problems) };
  } else if (first === 'health' && second === undefined) {
    view = { kind: 'health' };
  } else if (first === 'review' && second === undefined) {
    const [from, to] = daysOf(params, 'from', 'to', 'Review', problems);
    view = { kind: 'review', from, to };
  } else if (first === 'insights' && second === undefined) {
    view = { kind: 'insights', filter: insightsFilterOf(params, problems) };
  } else if (first === undefined) {
    view = { kind: 'start' };
  } else {
    problems.push(`The address ${quoted(`#/${segments.join('/')}`)} names no view of this app, so the first table is shown.`);
    view = { kind: 'start' };
  }

  return { address: { view, record: recordOf(params, problems), zone }, problems };
}

/** Writes an address as a hash (`#/…`). `parseAddress(formatAddress(a))` gives `a` back. */
export function formatAddress(address: Address): string {
  const { view, record } = address;
  const path = view.kind === 'table' ? `/table/${encodeURIComponent(view.table)}${view.tab === 'deleted' ? '/deleted' : ''}` : view.kind === 'start' ? '/' : `/${view.kind}`;
  const params: Array<[string, string]> = [];
  if (view.kind === 'activity' || view.kind === 'insights') {
    const f = view.filter;
    if (f.from) params.push(['from', f.from]);
    if (f.to) params.push(['to', f.to]);
    if (f.by.kind !== 'all') params.push(['by', byText(f.by)]);
    for (const t of f.tables) params.push(['table', t]);
    for (const c of f.cues) params.push(['cue', c]);
  }
  if (view.kind === 'activity') {
    const f = view.filter;
    if (f.field) params.push(['field', f.field]);
    for (const [part, value] of filteredParts(f.made)) params.push([part, value]);
    if (f.performedBy) params.push(['performed', f.performedBy]);
    if (f.between) params.push(['since', f.between.from], ['until', f.between.to]);
    for (const h of f.hoursOfWeek ?? []) params.push(['hour', hourText(h)]);
  }
  if (view.kind === 'review') {
    if (view.from) params.push(['from', view.from]);
    if (view.to) params.push(['to', view.to]);
  }
  if (view.kind === 'insights') {
    if (view.filter.granularity) params.push(['per', view.filter.granularity]);
    if (view.filter.split !== 'table') params.push(['split', view.filter.split]);
  }
  if (record) {
    params.push(['record', record.table], ['id', record.id]);
    if (record.related) params.push(['related', '1']);
    if (record.entry !== null) params.push(['entry', record.entry]);
    else if (record.log && !record.related) params.push(['log', '']);
    if (record.entry !== null && record.entryTable !== null) params.push(['entryTable', record.entryTable]);
    for (const t of record.filter.tables) params.push(['logTable', t]);
    if (record.filter.from) params.push(['logFrom', record.filter.from]);
    if (record.filter.to) params.push(['logTo', record.filter.to]);
    if (record.filter.by.kind !== 'all') params.push(['logBy', byText(record.filter.by)]);
    for (const [part, value] of filteredParts(record.filter.made)) params.push([logParam(part), value]);
    if (record.filter.performedBy) params.push(['logPerformed', record.filter.performedBy]);
  }
  if (address.zone !== null && hasDates(address)) params.push(['zone', address.zone]);
  // `log` carries no value: written bare, as people would type it.
  const query = params.map(([k, v]) => (k === 'log' ? k : `${k}=${encodeParam(v)}`)).join('&');
  return `#${path}${query ? `?${query}` : ''}`;
}

/** Whether the address holds a date (and so needs its zone). */
export function hasDates(address: Address): boolean {
  const v = address.view;
  const r = address.record;
  // An hour of the week is on the zone's clock too.
  return (
    ((v.kind === 'activity' || v.kind === 'insights') && (v.filter.from !== null || v.filter.to !== null)) ||
    (v.kind === 'activity' && (v.filter.hoursOfWeek?.length ?? 0) > 0) ||
    (v.kind === 'review' && (v.from !== null || v.to !== null)) ||
    (r !== null && (r.filter.from !== null || r.filter.to !== null))
  );
}

/**
 * The address made to fit the database: a table it does not log, or a view the user may not see,
 * gives way to the nearest sensible view, with a sentence saying so. `isAdmin` null: not known yet
 * (admin views are then kept until it is).
 */
export function fitAddress(address: Address, tables: readonly LoggedTable[], isAdmin: boolean | null): ParsedAddress {
  const problems: string[] = [];
  const known = (name: string) => tables.find((t) => t.name === name);
  const firstTable = tables.find((t) => t.baseExists) ?? tables[0];
  const start: MainView = firstTable ? { kind: 'table', table: firstTable.name, tab: firstTable.baseExists ? 'records' : 'deleted' } : { kind: 'start' };
  let { view, record } = address;

  if (view.kind === 'table') {
    const table = known(view.table);
    if (!table) {
      problems.push(`This database logs no table named ${quoted(view.table)}, so ${firstTable ? `${firstTable.name} is shown` : 'nothing is shown'}.`);
      view = start;
    } else if (view.tab === 'deleted' && isAdmin === false) {
      problems.push(`Deleted records are for admins, so ${table.name}’s records are shown.`);
      view = { ...view, tab: 'records' };
    } else if (view.tab === 'records' && !table.baseExists) {
      view = { ...view, tab: 'deleted' };
    }
  } else if (view.kind === 'health' || view.kind === 'review') {
    if (isAdmin === false) {
      problems.push(`${view.kind === 'health' ? 'Log health' : 'Review'} is for admins, so the first table is shown instead.`);
      view = start;
    }
  } else if (view.kind === 'activity' || view.kind === 'insights') {
    const name = view.kind === 'activity' ? 'Activity' : 'Insights';
    if (isAdmin === false) {
      problems.push(`${name} is for admins, so the first table is shown instead.`);
      view = start;
    } else {
      const unknown = view.filter.tables.filter((t) => !known(t));
      if (unknown.length > 0) {
        problems.push(`This database logs no table named ${quoted(unknown[0]!)}, so ${name} leaves it out.`);
        const tablesKnown = view.filter.tables.filter((t) => known(t));
        view = view.kind === 'activity' ? { ...view, filter: { ...view.filter, tables: tablesKnown } } : { ...view, filter: { ...view.filter, tables: tablesKnown } };
      }
    }
  } else {
    view = start;
  }

  if (record && !known(record.table)) {
    problems.push(`This database logs no table named ${quoted(record.table)}, so record ${quoted(record.id)} cannot be opened.`);
    record = null;
  }
  if (record) {
    const unknown = record.filter.tables.filter((t) => !known(t));
    if (unknown.length > 0) {
      problems.push(`This database logs no table named ${quoted(unknown[0]!)}, so the log’s Entity filter leaves it out.`);
      record = { ...record, filter: { ...record.filter, tables: record.filter.tables.filter((t) => known(t)) } };
    }
  }
  return { address: { ...address, view, record }, problems };
}

function activityFilterOf(params: URLSearchParams, problems: string[]): ActivityViewFilter {
  const [from, to] = daysOf(params, 'from', 'to', 'Activity', problems);
  const cues: ChangeCue[] = [];
  for (const text of params.getAll('cue')) {
    const cue = CUES.find((c) => c.toLowerCase() === text.toLowerCase());
    if (cue === undefined) problems.push(`${quoted(text)} is not a change Activity can filter by (${CUES.join(', ')}), so it was left out.`);
    else if (!cues.includes(cue)) cues.push(cue);
  }
  const tables = [...new Set(params.getAll('table').filter((t) => t !== ''))];
  const field = single(params, 'field');
  const hoursOfWeek: HourOfWeek[] = [];
  for (const text of params.getAll('hour')) {
    const hour = hourOf(text);
    if (hour === null) problems.push(`${quoted(text)} is not an hour of the week (such as sun-03), so it was left out.`);
    else if (!hoursOfWeek.some((h) => h.weekday === hour.weekday && h.hour === hour.hour)) hoursOfWeek.push(hour);
  }
  return {
    ...NO_ACTIVITY_FILTER,
    from,
    to,
    by: byOf(single(params, 'by'), problems),
    tables,
    cues,
    field: field === '' ? null : field,
    made: madeOf(params, (part) => part),
    performedBy: performedOf(single(params, 'performed'), problems),
    between: betweenOf(single(params, 'since'), single(params, 'until'), problems),
    ...(hoursOfWeek.length ? { hoursOfWeek } : {}),
  };
}

/** `person` or `automation` (null: anyone). */
function performedOf(text: string | null, problems: string[]): PerformedBy | null {
  if (text === null || text === '' || text === 'anyone') return null;
  if (text === 'person' || text === 'automation') return text;
  problems.push(`Performed by ${quoted(text)} in the address is neither "person" nor "automation", so anyone’s changes are shown.`);
  return null;
}

/** An instant with its offset, as the app writes them. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** `since` and `until`: both, instants with an offset, in order (the data layer checks them again). */
function betweenOf(since: string | null, until: string | null, problems: string[]): InstantRange | null {
  if (since === null && until === null) return null;
  if (since === null || until === null || !INSTANT.test(since) || !INSTANT.test(until) || Date.parse(since) > Date.parse(until)) {
    problems.push('The address’s range of times ("since" and "until") is not two instants in order, so it was left out.');
    return null;
  }
  return { from: since, to: until };
}

function insightsFilterOf(params: URLSearchParams, problems: string[]): InsightsViewFilter {
  const { from, to, by, tables, cues } = activityFilterOf(params, problems);
  const per = single(params, 'per');
  let granularity: InsightsGranularity | null = null;
  if (per !== null && per !== '') {
    if (INSIGHTS_GRANULARITIES.includes(per as InsightsGranularity)) granularity = per as InsightsGranularity;
    else problems.push(`Insights cannot count per ${quoted(per)} (day, week or month), so the period's length chooses.`);
  }
  const split = single(params, 'split') === 'cue' ? 'cue' : 'table';
  return { ...NO_INSIGHTS_FILTER, from, to, by, tables, cues, granularity, split };
}

/** `sun-03`: Sundays 03:00–04:00. */
function hourText(h: HourOfWeek): string {
  return `${WEEKDAY_SHORT[h.weekday - 1]!.toLowerCase()}-${String(h.hour).padStart(2, '0')}`;
}

function hourOf(text: string): HourOfWeek | null {
  const m = /^([a-z]{3})-(\d{1,2})$/i.exec(text.trim());
  if (!m) return null;
  const weekday = WEEKDAY_SHORT.findIndex((d) => d.toLowerCase() === m[1]!.toLowerCase()) + 1;
  const hour = Number(m[2]);
  return weekday >= 1 && hour >= 0 && hour <= 23 ? { weekday, hour } : null;
}

function recordOf(params: URLSearchParams, problems: string[]): RecordAddress | null {
  const table = single(params, 'record');
  const id = single(params, 'id');
  if (table === null && id === null) return null;
  if (!table || !id) {
    problems.push('The address names a record without both its table and its id, so no record is opened.');
    return null;
  }
  const entry = single(params, 'entry') || null;
  const [from, to] = daysOf(params, 'logFrom', 'logTo', 'The log', problems);
  const tables = [...new Set(params.getAll('logTable').filter((t) => t !== ''))];
  const made = madeOf(params, logParam);
  const filter: LogFilter = { ...NO_FILTER, from, to, by: byOf(single(params, 'logBy'), problems), tables, made, performedBy: performedOf(single(params, 'logPerformed'), problems) };
  const filtered = from !== null || to !== null || filter.by.kind !== 'all' || tables.length > 0 || filteredParts(made).length > 0 || filter.performedBy !== null;
  // The record's own table is written as no table at all: one address per entry.
  const entryTable = entry !== null ? single(params, 'entryTable') || null : null;
  const related = relatedOf(single(params, 'related'), problems);
  return {
    table,
    id,
    entry,
    entryTable: entryTable === table ? null : entryTable,
    related,
    log: params.has('log') || entry !== null || filtered || related,
    filter,
  };
}

/** `related=1` (as written; also `true`, or bare), `related=0` (the record's own log). */
function relatedOf(text: string | null, problems: string[]): boolean {
  if (text === null || text === '0' || text === 'false') return false;
  if (text === '' || text === '1' || text === 'true') return true;
  problems.push(`"related" in the address is ${quoted(text)}, not 1 or 0, so the record's own log is shown.`);
  return false;
}

/** A from/to pair of days, each a real `YYYY-MM-DD`, from before to. */
function daysOf(params: URLSearchParams, fromKey: string, toKey: string, what: string, problems: string[]): [string | null, string | null] {
  const day = (key: string) => {
    const text = single(params, key);
    if (text === null || text === '') return null;
    if (isDay(text)) return text;
    problems.push(`${what}’s date ${quoted(text)} is not a day (YYYY-MM-DD), so it was left out.`);
    return null;
  };
  const from = day(fromKey);
  const to = day(toKey);
  if (from !== null && to !== null && from > to) {
    problems.push(`${what}’s date range in the address ends (${to}) before it starts (${from}), so it was left out.`);
    return [null, null];
  }
  return [from, to];
}

/** The log's own parameter of a how-made part: `logMethod`, `logIp`, … (Activity's are the parts' names). */
function logParam(part: string): string {
  return `log${part[0]!.toUpperCase()}${part.slice(1)}`;
}

/** How a change was made, from the address: each part's value as written (exact; empty is none). */
function madeOf(params: URLSearchParams, name: (part: string) => string): HowMadeFilter {
  const made: HowMadeFilter = {};
  for (const part of HOW_MADE_PARTS) {
    const value = single(params, name(part));
    if (value !== null && value !== '') made[part] = value;
  }
  return made;
}

/** `mine`, `person:<id>`, or nothing. */
function byOf(text: string | null, problems: string[]): ModifiedBy {
  if (text === null || text === '' || text === 'all') return { kind: 'all' };
  if (text === 'mine') return { kind: 'mine' };
  const person = /^person:(.+)$/s.exec(text);
  if (person) return { kind: 'person', personId: person[1]! };
  problems.push(`Modified By ${quoted(text)} in the address is not "mine" or a person, so everyone’s changes are shown.`);
  return { kind: 'all' };
}

function byText(by: ModifiedBy): string {
  return by.kind === 'person' ? `person:${String(by.personId)}` : by.kind;
}

/** A real calendar day written `YYYY-MM-DD` (not 2025-02-31). */
export function isDay(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** The one value of a parameter (the first, when an address repeats it); null when absent. */
function single(params: URLSearchParams, key: string): string | null {
  return params.get(key);
}

/** A value in the query: `/` and `:` kept readable (zones, people), everything else escaped. */
function encodeParam(value: string): string {
  return encodeURIComponent(value).replace(/%2F/g, '/').replace(/%3A/g, ':');
}
