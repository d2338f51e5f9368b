/**
 * `--view NAME`: a saved view (shared/saved-views.ts) of the database the command opened, as the
 * command's options. The view's filter comes first; every filter option given on the command line
 * as well replaces the view's (`--to`, `--by`, `--table`, `--method`, …, each on its own), so
 * `activity --view Deletions --to 2026-10-31` is the view with another last day. A view of another
 * kind than the command reads is refused in one sentence. `history --view NAME` reads the view's
 * record unless TABLE ID are given.
 */
import type { AuditApi } from '../shared/contract';
import type { ActivityFilter, HowMadeFilter } from '../shared/domain';
import { AuditError } from '../shared/errors';
import { HOW_MADE_PARTS } from '../shared/how-made';
import { describeView, sameViewName, VIEW_KIND_LABELS, type SavedView } from '../shared/saved-views';
import { VIEW_COMMANDS, type CliOptions } from './args';
import type { CliFilter } from './filter-options';

/** The database's view named `name` (exactly, else letter case aside), or one sentence why not. */
export async function findView(api: AuditApi, name: string): Promise<SavedView> {
  const { views, refused, problem } = await api.listSavedViews({});
  const view = views.find((v) => v.name === name) ?? views.find((v) => sameViewName(v.name, name));
  if (view) return view;
  const bad = refused.find((r) => r.name !== null && (r.name === name || sameViewName(r.name, name)));
  if (bad) throw new AuditError('bad-request', bad.problem);
  if (problem) throw new AuditError('not-found', problem);
  throw new AuditError('not-found', `There is no saved view named ${JSON.stringify(name)} for this database; audit-trail views lists them.`);
}

/** The command's options with the view's filter under those given on the command line. */
export function withView(opts: CliOptions, view: SavedView): CliOptions {
  const wanted = VIEW_COMMANDS[opts.command];
  if (wanted !== view.kind) {
    const use = Object.entries(VIEW_COMMANDS).find(([, kind]) => kind === view.kind)?.[0] ?? view.kind;
    throw new AuditError('bad-request', `The saved view ${JSON.stringify(view.name)} opens ${VIEW_KIND_LABELS[view.kind]}, not ${VIEW_KIND_LABELS[wanted ?? 'log']}; use it with audit-trail ${use}.`);
  }
  const given = opts.given;
  switch (view.kind) {
    case 'activity':
      return withFilter(opts, view.filter);
    case 'insights': {
      const next = withFilter(opts, view.filter);
      const { insights } = next;
      return {
        ...next,
        insights: {
          ...insights,
          split: given.has('by-table') || given.has('by-cue') ? insights.split : (view.split ?? 'table'),
          ...(given.has('per') || !view.granularity ? {} : { granularity: view.granularity }),
          // The view's days and hours are in its zone: as if --tz had said it.
          zoneGiven: insights.zoneGiven || view.filter.timeZone !== undefined,
        },
      };
    }
    case 'review': {
      const { period } = view;
      const filter = { ...opts.filter };
      if (!given.has('from') && period.from !== undefined) filter.from = period.from;
      if (!given.has('to') && period.to !== undefined) filter.to = period.to;
      const zone = given.has('tz') ? opts.reviewZone : period.timeZone;
      return { ...opts, filter, ...(zone !== undefined ? { reviewZone: zone, tz: zone } : {}) };
    }
    case 'log': {
      const next = withFilter(opts, view.filter);
      const positionals = opts.positionals.length === 2 ? opts.positionals : [view.record.table, String(view.record.id)];
      return { ...next, positionals, related: opts.related || view.related };
    }
  }
}

/** The view's filter as the command line's, each option given on the command line replacing its part. */
function withFilter(opts: CliOptions, view: ActivityFilter): CliOptions {
  const given = opts.given;
  const typed = opts.filter;
  const keep = <K extends keyof CliFilter>(option: string, key: K, fromView: CliFilter[K] | undefined): Partial<CliFilter> =>
    given.has(option) ? (typed[key] === undefined ? {} : { [key]: typed[key] }) : fromView === undefined ? {} : { [key]: fromView };
  const made: HowMadeFilter = {};
  for (const part of HOW_MADE_PARTS) {
    const value = given.has(part) ? typed.made[part] : view.made?.[part];
    if (value !== undefined && value !== '') made[part] = value;
  }
  const filter: CliFilter = {
    ...keep('from', 'from', view.from),
    ...keep('to', 'to', view.to),
    ...keep('field', 'field', view.field),
    ...keep('performed-by', 'performedBy', view.performedBy),
    ...keep('since', 'between', view.between),
    timeZone: given.has('tz') ? typed.timeZone : (view.timeZone ?? typed.timeZone),
    by: given.has('by') ? typed.by : (view.by ?? typed.by),
    tables: given.has('table') ? typed.tables : (view.tables ?? []),
    cues: given.has('cue') ? typed.cues : (view.cues ?? []),
    made,
    // An Insights heat-map cell's hours: no option sets them, so the view's stand (on the zone's clock).
    ...(view.hoursOfWeek ? { hoursOfWeek: view.hoursOfWeek } : {}),
  };
  return { ...opts, filter, tz: filter.timeZone };
}

/** `views`: the database's saved views, as a table (refused ones on stderr) or JSON. */
export async function printViews(api: AuditApi, opts: CliOptions, io: { out(text: string): void; err(text: string): void }, renderTable: (head: string[], rows: string[][]) => string): Promise<void> {
  const listed = await api.listSavedViews({});
  if (opts.format === 'json') {
    io.out(JSON.stringify(listed, null, 2));
    return;
  }
  if (opts.format === 'jsonl') {
    for (const view of listed.views) io.out(JSON.stringify(view));
  } else {
    io.out(
      listed.views.length
        ? renderTable(['Name', 'Kind', 'What it opens', 'Saved'], listed.views.map((v) => [v.name, v.kind, describeView(v), v.savedAt.slice(0, 10)]))
        : '(no saved views for this database; save one in the app with Save view…)',
    );
  }
  if (listed.problem) io.err(listed.problem);
  for (const r of listed.refused) io.err(r.problem);
}
