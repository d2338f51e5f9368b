/**
 * Saved views: a filter of Activity, Review, Insights or a record's log, kept under a name for one
 * database (db/saved-views/), reopened with a click in the app and with `--view NAME` on the
 * command line. What a view holds is the contract's own request types (the Activity filter, the
 * Review period, the Insights choices, the log's filter and its record), never a renderer address:
 * every shell reads it. This module is the one place that says what a well-formed view is, for a
 * request to save one and for a view read back from the file alike.
 *
 * Pure: no Node, no DOM beyond what `Intl` gives.
 */
import { CHANGE_CUES } from './change-cue';
import type { GetInsightsRequest, GetReviewRequest } from './contract';
import { dayRangeToUtc, isValidTimeZone } from './day-range';
import type { ActivityFilter, ChangeCue, HistoryFilter, HowMadeFilter, InstantRange, ModifiedBy, RecordId } from './domain';
import { AuditError } from './errors';
import { HOW_MADE_LABELS, isHowMadePart } from './how-made';
import { checkHoursOfWeek } from './hours-of-week';
import { INSIGHTS_GRANULARITIES, type InsightsGranularity } from './insights';

/** What a saved view opens: Activity, Review or Insights (admins), or a record's log (anyone who may read it). */
export type SavedViewKind = 'activity' | 'review' | 'insights' | 'log';
export const SAVED_VIEW_KINDS: readonly SavedViewKind[] = ['activity', 'review', 'insights', 'log'];
/** The kinds only admins may see, save or open (their views are admin views). */
export const ADMIN_VIEW_KINDS: readonly SavedViewKind[] = ['activity', 'review', 'insights'];

/**
 * The form of a view this version writes and reads. A view written by a newer version says a
 * higher number and is refused (that view alone), never guessed at.
 */
export const SAVED_VIEW_VERSION = 1;

/** Review's period: its days and the zone they are in (the organisation's, as the app asks). */
export type ReviewPeriod = Pick<GetReviewRequest, 'from' | 'to' | 'timeZone'>;

/** The filter of a record's log, as `getRelatedHistory` takes it (`tables`: the Entity filter, with `related` only). */
export type LogViewFilter = HistoryFilter & { tables?: string[] };

/** What a view opens and how it is filtered, by kind. */
export type SavedViewSpec =
  | { kind: 'activity'; filter: ActivityFilter }
  | { kind: 'review'; period: ReviewPeriod }
  | ({ kind: 'insights' } & Required<Pick<GetInsightsRequest, 'filter'>> & Pick<GetInsightsRequest, 'granularity' | 'split'>)
  | {
      kind: 'log';
      /** The record whose log it opens. */
      record: { table: string; id: RecordId };
      /** With its related records' entries (`getRelatedHistory`), or its own log alone. */
      related: boolean;
      filter: LogViewFilter;
    };

/** A saved view as listed. */
export type SavedView = SavedViewSpec & {
  /** Unique per database (letter case aside): see {@link VIEW_NAME_RULE}. */
  name: string;
  /** When it was last saved, ISO 8601 UTC. */
  savedAt: string;
};

/** A view of this database that cannot be opened (written by a newer version, or edited into nonsense), and why. */
export interface RefusedSavedView {
  /** Its name, where that much can be read. */
  name: string | null;
  /** One sentence. */
  problem: string;
}

/** What a view's name may be: it is typed on the command line (`--view NAME`) and shown in lists. */
export const VIEW_NAME_RULE = 'A view name is 1 to 64 characters, without line breaks, and neither starts nor ends with a space.';

/** Whether `name` can name a view (see {@link VIEW_NAME_RULE}). */
export function isValidViewName(name: unknown): name is string {
  if (typeof name !== 'string') return false;
  const controlCharacter = [...name].some((c) => c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) < 0xa0) || c === '\u2028' || c === '\u2029');
  return [...name].length >= 1 && [...name].length <= 64 && name.trim() === name && !controlCharacter;
}

/** Two names are the same view's when they differ in letter case only ("Deletions", "deletions"). */
export function sameViewName(a: string, b: string): boolean {
  return a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;
}

/** The kinds' names in sentences. */
export const VIEW_KIND_LABELS: Readonly<Record<SavedViewKind, string>> = {
  activity: 'Activity',
  review: 'Review',
  insights: 'Insights',
  log: "a record's log",
};

/** Longest table name, person id, record id or value a view may hold: names and ids, never documents. */
const MAX_TEXT = 1000;
/** Most tables a view may list. */
const MAX_TABLES = 500;

/** One problem with a view, in a sentence's middle ("its filter's time zone is …"). */
class Unfit extends Error {}

const fail = (why: string): never => {
  throw new Unfit(why);
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Refuses keys not in `allowed` (a hand edit, or a part a newer version added without saying so). */
function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], what: string): void {
  const unknown = Object.keys(value).find((k) => value[k] !== undefined && !allowed.includes(k));
  if (unknown !== undefined) fail(`${what} has a part this version does not know ("${unknown.slice(0, 40)}")`);
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '' || value.length > MAX_TEXT) fail(`${what} is not a name of 1 to ${MAX_TEXT} characters`);
  return value as string;
}

function idOf(value: unknown, what: string): RecordId {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return text(value, what);
}

function modifiedBy(value: unknown): ModifiedBy {
  if (!isObject(value)) return fail('its Modified By is not all, mine or a person');
  if (value.kind === 'all' || value.kind === 'mine') {
    onlyKeys(value, ['kind'], 'its Modified By');
    return { kind: value.kind };
  }
  if (value.kind === 'person') {
    onlyKeys(value, ['kind', 'personId'], 'its Modified By');
    return { kind: 'person', personId: idOf(value.personId, 'its person id') };
  }
  return fail('its Modified By is not all, mine or a person');
}

function howMade(value: unknown): HowMadeFilter {
  if (!isObject(value)) return fail('its filter by how a change was made is not an object');
  const out: HowMadeFilter = {};
  for (const [part, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (!isHowMadePart(part)) fail(`"${part.slice(0, 40)}" is not a part of how a change was made`);
    else out[part] = text(v, `its ${HOW_MADE_LABELS[part].toLowerCase()}`);
  }
  return out;
}

function tableList(value: unknown): string[] {
  if (!Array.isArray(value) || value.length > MAX_TABLES) return fail('its tables are not a list of names');
  return [...new Set(value.map((t) => text(t, 'a table name')))];
}

function cueList(value: unknown): ChangeCue[] {
  if (!Array.isArray(value) || value.some((c) => !CHANGE_CUES.includes(c as ChangeCue))) return fail(`its change cues are not among ${CHANGE_CUES.join(', ')}`);
  return [...new Set(value as ChangeCue[])];
}

/** An instant with its offset, as the app writes them. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

function instantRange(value: unknown): InstantRange {
  if (!isObject(value)) return fail('its range of instants is not {from, to}');
  onlyKeys(value, ['from', 'to'], 'its range of instants');
  const { from, to } = value;
  if (typeof from !== 'string' || typeof to !== 'string' || !INSTANT.test(from) || !INSTANT.test(to) || Date.parse(from) > Date.parse(to)) {
    return fail('its range of instants is not two instants with their offsets, in order');
  }
  return { from, to };
}

/**
 * The days, their zone and the person of any of the filters. Days keep their zone: a view with
 * days and no zone would mean other days wherever it is opened, so it is refused.
 */
function commonFilter(value: Record<string, unknown>): HistoryFilter {
  const out: HistoryFilter = {};
  if (value.timeZone !== undefined) {
    if (typeof value.timeZone !== 'string' || !isValidTimeZone(value.timeZone)) fail(`its time zone ${JSON.stringify(String(value.timeZone).slice(0, 40))} is not one this app knows`);
    out.timeZone = value.timeZone as string;
  }
  for (const key of ['from', 'to'] as const) {
    const day = value[key];
    if (day === undefined || day === null || day === '') continue;
    if (typeof day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(day)) fail(`its ${key === 'from' ? 'first' : 'last'} day is not a day (YYYY-MM-DD)`);
    out[key] = day as string;
  }
  if ((out.from !== undefined || out.to !== undefined) && out.timeZone === undefined) fail('it has days but not the time zone they are in');
  try {
    dayRangeToUtc({ from: out.from, to: out.to, timeZone: out.timeZone });
  } catch (error) {
    fail(`its days cannot be read (${error instanceof Error ? error.message.replace(/\.$/, '') : String(error)})`);
  }
  if (value.by !== undefined) out.by = modifiedBy(value.by);
  if (value.made !== undefined) {
    const made = howMade(value.made);
    if (Object.keys(made).length > 0) out.made = made;
  }
  if (value.performedBy !== undefined) {
    if (value.performedBy !== 'person' && value.performedBy !== 'automation') fail('its Performed by is neither person nor automation');
    out.performedBy = value.performedBy as 'person' | 'automation';
  }
  return out;
}

const HISTORY_KEYS = ['from', 'to', 'timeZone', 'by', 'made', 'performedBy'] as const;
const ACTIVITY_KEYS = [...HISTORY_KEYS, 'tables', 'cues', 'field', 'between', 'hoursOfWeek'] as const;

/** An Activity filter (Insights': without `field`, which needs every entry diffed). */
function activityFilter(value: unknown, insights: boolean): ActivityFilter {
  if (!isObject(value)) return fail('its filter is not an object');
  onlyKeys(value, insights ? ACTIVITY_KEYS.filter((k) => k !== 'field') : ACTIVITY_KEYS, 'its filter');
  const out: ActivityFilter = commonFilter(value);
  if (value.tables !== undefined) {
    const tables = tableList(value.tables);
    if (tables.length > 0) out.tables = tables;
  }
  if (value.cues !== undefined) {
    const cues = cueList(value.cues);
    if (cues.length > 0) out.cues = cues;
  }
  if (value.field !== undefined && value.field !== null && value.field !== '') out.field = text(value.field, 'its field');
  if (value.between !== undefined && value.between !== null) out.between = instantRange(value.between);
  if (value.hoursOfWeek !== undefined && value.hoursOfWeek !== null) {
    let hours;
    try {
      hours = checkHoursOfWeek(value.hoursOfWeek);
    } catch {
      return fail('its hours of the week are not weekdays 1–7 and hours 0–23');
    }
    if (hours) {
      // An hour of the week is on a zone's clock, as days are.
      if (out.timeZone === undefined) fail('it has hours of the week but not the time zone they are in');
      out.hoursOfWeek = hours;
    }
  }
  return out;
}

function logFilter(value: unknown, related: boolean): LogViewFilter {
  if (!isObject(value)) return fail('its filter is not an object');
  onlyKeys(value, related ? [...HISTORY_KEYS, 'tables'] : HISTORY_KEYS, 'its filter');
  const out: LogViewFilter = commonFilter(value);
  if (related && value.tables !== undefined) {
    const tables = tableList(value.tables);
    if (tables.length > 0) out.tables = tables;
  }
  return out;
}

function reviewPeriod(value: unknown): ReviewPeriod {
  if (!isObject(value)) return fail('its period is not an object');
  onlyKeys(value, ['from', 'to', 'timeZone'], 'its period');
  const { from, to, timeZone } = commonFilter(value);
  return { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}), ...(timeZone !== undefined ? { timeZone } : {}) };
}

/** The spec's parts, checked and rebuilt field by field (so nothing undeclared can reach the file). */
function specOf(value: Record<string, unknown>): SavedViewSpec {
  switch (value.kind) {
    case 'activity':
      onlyKeys(value, ['kind', 'filter'], 'it');
      return { kind: 'activity', filter: activityFilter(value.filter ?? {}, false) };
    case 'review':
      onlyKeys(value, ['kind', 'period'], 'it');
      return { kind: 'review', period: reviewPeriod(value.period ?? {}) };
    case 'insights': {
      onlyKeys(value, ['kind', 'filter', 'granularity', 'split'], 'it');
      const { granularity, split } = value;
      if (granularity !== undefined && !INSIGHTS_GRANULARITIES.includes(granularity as InsightsGranularity)) fail(`its periods are not one of ${INSIGHTS_GRANULARITIES.join(', ')}`);
      if (split !== undefined && split !== 'table' && split !== 'cue') fail('its bars are split neither by table nor by cue');
      return {
        kind: 'insights',
        filter: activityFilter(value.filter ?? {}, true),
        ...(granularity !== undefined ? { granularity: granularity as InsightsGranularity } : {}),
        ...(split !== undefined ? { split: split as 'table' | 'cue' } : {}),
      };
    }
    case 'log': {
      onlyKeys(value, ['kind', 'record', 'related', 'filter'], 'it');
      const record = value.record;
      if (!isObject(record)) return fail('it names no record (a table and an id)');
      onlyKeys(record, ['table', 'id'], 'its record');
      if (value.related !== undefined && typeof value.related !== 'boolean') fail('its "related" is neither true nor false');
      const related = value.related === true;
      return { kind: 'log', record: { table: text(record.table, 'its table'), id: idOf(record.id, 'its record id') }, related, filter: logFilter(value.filter ?? {}, related) };
    }
    default:
      return fail(`it is not one of the kinds ${SAVED_VIEW_KINDS.join(', ')}`);
  }
}

/**
 * A view to save, as a request gives it, checked and rebuilt: what the file will hold.
 *
 * @throws AuditError `bad-request`, one sentence, for a bad name or anything malformed.
 */
export function checkViewToSave(name: unknown, spec: unknown): SavedViewSpec & { name: string } {
  if (!isValidViewName(name)) throw new AuditError('bad-request', VIEW_NAME_RULE);
  if (!isObject(spec)) throw new AuditError('bad-request', 'Say what the view opens: its kind and its filter.');
  try {
    return { name, ...specOf(spec) };
  } catch (error) {
    if (error instanceof Unfit) throw new AuditError('bad-request', `The view ${JSON.stringify(name)} cannot be saved: ${error.message}.`);
    throw error;
  }
}

/** A view as the file holds it (db/saved-views/): its spec, name, time and form version. */
export type StoredView = SavedView & { version: number };

/**
 * A view read back from the file: the view, or why it is refused (one sentence). A view written by
 * a newer version, or whose parts make no sense, is refused alone; the caller lists the others.
 */
export function readStoredView(raw: unknown): { view: SavedView } | { refused: RefusedSavedView } {
  const name = isObject(raw) && isValidViewName(raw.name) ? raw.name : null;
  const called = name === null ? 'A saved view' : `The saved view ${JSON.stringify(name)}`;
  const refused = (why: string) => ({ refused: { name, problem: `${called} cannot be opened: ${why}.` } });
  if (!isObject(raw)) return refused('it is not an object');
  if (typeof raw.version !== 'number' || !Number.isInteger(raw.version) || raw.version < 1) return refused('it says no version of its form');
  if (raw.version > SAVED_VIEW_VERSION) return refused('it was saved by a newer version of Audit Trail Browser');
  if (name === null) return refused('it has no usable name');
  if (typeof raw.savedAt !== 'string' || Number.isNaN(Date.parse(raw.savedAt))) return refused('it says no time it was saved');
  const { version: _version, name: _name, savedAt, database: _database, ...spec } = raw;
  void _version;
  void _name;
  void _database;
  try {
    return { view: { ...specOf(spec), name, savedAt } };
  } catch (error) {
    if (error instanceof Unfit) return refused(error.message);
    throw error;
  }
}

/** One line on what a view holds, for lists, tooltips, the save dialog and the CLI's table. */
export function describeView(spec: SavedViewSpec): string {
  const parts: string[] = [];
  const days = (f: { from?: string; to?: string; timeZone?: string }) => {
    if (f.from || f.to) parts.push(`${f.from ?? '…'} to ${f.to ?? '…'}${f.timeZone ? ` (${f.timeZone})` : ''}`);
  };
  const by = (b: ModifiedBy | undefined) => {
    if (b?.kind === 'mine') parts.push('by me');
    else if (b?.kind === 'person') parts.push(`by person ${String(b.personId)}`);
  };
  const rest = (f: ActivityFilter) => {
    by(f.by);
    if (f.tables?.length) parts.push(f.tables.join(', '));
    if (f.cues?.length) parts.push(f.cues.join(', '));
    if (f.field) parts.push(`field ${f.field}`);
    for (const [part, value] of Object.entries(f.made ?? {})) if (isHowMadePart(part) && value) parts.push(`${HOW_MADE_LABELS[part]} ${value}`);
    if (f.performedBy) parts.push(`by ${f.performedBy === 'person' ? 'people' : 'automation'}`);
    if (f.between) parts.push(`${f.between.from} to ${f.between.to}`);
    if (f.hoursOfWeek?.length) parts.push(`${f.hoursOfWeek.length} hour${f.hoursOfWeek.length === 1 ? '' : 's'} of the week`);
  };
  switch (spec.kind) {
    case 'activity':
      days(spec.filter);
      rest(spec.filter);
      return `Activity${parts.length ? `: ${parts.join('; ')}` : ', unfiltered'}`;
    case 'review':
      days(spec.period);
      return `Review${parts.length ? `: ${parts.join('; ')}` : ' of the whole log'}`;
    case 'insights':
      days(spec.filter);
      rest(spec.filter);
      if (spec.granularity) parts.push(`per ${spec.granularity}`);
      if (spec.split === 'cue') parts.push('by change');
      return `Insights${parts.length ? `: ${parts.join('; ')}` : ' of the whole log'}`;
    case 'log':
      days(spec.filter);
      rest(spec.filter);
      return `${spec.record.table} ${String(spec.record.id)}'s log${spec.related ? ' with its related records' : ''}${parts.length ? `: ${parts.join('; ')}` : ''}`;
  }
}
