/**
 * The filter options every CLI command that reads a log shares (`history`, `activity`, `export`):
 * declared once for `parseArgs`, read once into the contract's filters, with one sentence per
 * mistake. So `--cue deleted` (cues are matched ignoring case, as the stored cues vary), a repeated
 * or comma-separated `--table`, and `--by` mean the same to every command.
 */
import { CHANGE_CUES, cueNamed } from '../shared/change-cue';
import { isValidTimeZone } from '../shared/day-range';
import type { ActivityFilter, ChangeCue, HistoryFilter, HowMadeFilter, InstantRange, ModifiedBy, PerformedBy } from '../shared/domain';
import { HOW_MADE_PARTS } from '../shared/how-made';
import type { HourOfWeek } from '../shared/hours-of-week';
import { machineZone } from './machine-zone';
import { UsageError } from './usage-error';

/** The options, as `parseArgs` takes them: spread into a command's own. */
export const FILTER_OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  tz: { type: 'string' },
  // No default: a saved view's person (--view) stands unless --by is given.
  by: { type: 'string' },
  table: { type: 'string', multiple: true },
  cue: { type: 'string', multiple: true },
  field: { type: 'string' },
  method: { type: 'string' },
  application: { type: 'string' },
  ip: { type: 'string' },
  correlation: { type: 'string' },
  'performed-by': { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
} as const;

/** `--related [--depth N]`: a record's log with its related records' (history, export, record --as-of). */
export const RELATED_OPTIONS = {
  related: { type: 'boolean', default: false },
  depth: { type: 'string' },
} as const;

/** `--related` and `--depth` read, with one sentence per mistake. */
export function readRelatedOptions(values: { related?: boolean; depth?: string }): { related: boolean; depth: number | undefined } {
  const related = values.related === true;
  if (values.depth === undefined) return { related, depth: undefined };
  if (!related) throw new UsageError('--depth goes with --related.');
  const depth = Number(values.depth);
  if (!Number.isInteger(depth) || depth < 0) throw new UsageError('--depth must be a whole number from 0 to 3.');
  return { related, depth };
}

/** What `parseArgs` read for them. */
export interface FilterOptionValues {
  from?: string;
  to?: string;
  tz?: string;
  by?: string;
  table?: string[];
  cue?: string[];
  field?: string;
  method?: string;
  application?: string;
  ip?: string;
  correlation?: string;
  'performed-by'?: string;
  since?: string;
  until?: string;
}

/** The options, read: a record's log takes the days and the person; the activity also the rest. */
export interface CliFilter {
  from?: string;
  to?: string;
  /** The IANA zone days are meant (and times shown) in: --tz, else this machine's. */
  timeZone: string;
  by: ModifiedBy;
  /** Only these tables (empty: all). */
  tables: string[];
  /** Only these change cues (empty: all). */
  cues: ChangeCue[];
  /** Only entries that changed this field. */
  field?: string;
  /** Only entries made this way (`--method`, `--application`, `--ip`, `--correlation`: exact values). */
  made: HowMadeFilter;
  /** `--performed-by person|automation`. */
  performedBy?: PerformedBy;
  /** `--since ISO --until ISO`: an instant range (activity, export of the activity). */
  between?: InstantRange;
  /** Hours of the week on `timeZone`'s clock: no option sets them; a saved view (`--view`) may. */
  hoursOfWeek?: HourOfWeek[];
}

/** `--by all|mine|PERSON_ID` as Modified By; a number-like id is a number. */
export function parseModifiedBy(by: string): ModifiedBy {
  if (by === 'all') return { kind: 'all' };
  if (by === 'mine') return { kind: 'mine' };
  if (by.trim() === '') throw new UsageError('--by must be all, mine or a person id.');
  return { kind: 'person', personId: /^-?\d+$/.test(by) ? Number(by) : by };
}

/** A repeatable option whose values may also be separated by commas, blanks dropped. */
export function listOption(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((value) => value.split(',')).map((value) => value.trim()).filter((value) => value !== '');
}

export function readFilterOptions(values: FilterOptionValues): CliFilter {
  // The machine's own zone needs no check (and checking would load ICU: see machine-zone.ts).
  const timeZone = values.tz ?? machineZone();
  if (values.tz !== undefined && !isValidTimeZone(timeZone)) throw new UsageError(`--tz ${timeZone} is not a time zone; use an IANA name such as Europe/London or UTC.`);
  const cues = listOption(values.cue).map((text) => {
    const cue = cueNamed(text);
    if (!cue) throw new UsageError(`--cue ${text} is not a change cue; use ${CHANGE_CUES.join(', ')}.`);
    return cue;
  });
  const performedBy = values['performed-by'];
  if (performedBy !== undefined && performedBy !== 'person' && performedBy !== 'automation') {
    throw new UsageError(`--performed-by ${performedBy} is neither person nor automation.`);
  }
  if ((values.since === undefined) !== (values.until === undefined)) throw new UsageError('--since and --until go together: an instant range, such as --since 2026-10-03T02:10:00Z --until 2026-10-03T02:15:00Z.');
  return {
    ...(performedBy !== undefined ? { performedBy } : {}),
    ...(values.since !== undefined && values.until !== undefined ? { between: { from: values.since, to: values.until } } : {}),
    ...(values.from !== undefined ? { from: values.from } : {}),
    ...(values.to !== undefined ? { to: values.to } : {}),
    timeZone,
    by: parseModifiedBy(values.by ?? 'all'),
    tables: listOption(values.table),
    cues,
    ...(values.field ? { field: values.field } : {}),
    made: Object.fromEntries(HOW_MADE_PARTS.flatMap((part) => (values[part] !== undefined && values[part] !== '' ? [[part, values[part]]] : []))),
  };
}

/** Whether the options narrow more than a record's log can be narrowed (by table, cue or field). */
export function narrowsActivityOnly(filter: CliFilter): boolean {
  return filter.tables.length > 0 || filter.cues.length > 0 || filter.field !== undefined || filter.between !== undefined;
}

/** The filter of a record's log. */
export function historyFilterOf(filter: CliFilter): HistoryFilter {
  return {
    from: filter.from,
    to: filter.to,
    timeZone: filter.timeZone,
    by: filter.by,
    ...(Object.keys(filter.made).length > 0 ? { made: filter.made } : {}),
    ...(filter.performedBy ? { performedBy: filter.performedBy } : {}),
  };
}

/** What a record's related log takes: its log's filters and `--table`, not the activity's own. */
export function checkRelatedFilter(filter: CliFilter): void {
  if (filter.cues.length > 0 || filter.field !== undefined || filter.between !== undefined) {
    throw new UsageError('--cue, --field, --since and --until narrow the activity; a related log takes --from, --to, --by, --performed-by and --table.');
  }
}

/** The filter of a record's related log: its log's, and the Entity filter `--table`. */
export function relatedFilterOf(filter: CliFilter): HistoryFilter & { tables?: string[] } {
  return { ...historyFilterOf(filter), ...(filter.tables.length ? { tables: filter.tables } : {}) };
}

/** The filter of the activity. */
export function activityFilterOf(filter: CliFilter): ActivityFilter {
  return {
    ...historyFilterOf(filter),
    ...(filter.tables.length ? { tables: filter.tables } : {}),
    ...(filter.cues.length ? { cues: filter.cues } : {}),
    ...(filter.field ? { field: filter.field } : {}),
    ...(filter.between ? { between: filter.between } : {}),
    ...(filter.hoursOfWeek?.length ? { hoursOfWeek: filter.hoursOfWeek } : {}),
  };
}
