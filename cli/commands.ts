/**
 * The CLI's commands: each makes contract calls and renders the answer. The CLI is a shell like
 * the others: it only talks to the data layer through the contract.
 */
import type { AuditApi } from '../shared/contract';
import { isFirstRecorded } from '../shared/diff';
import type { ActivityEntry, DeletedRecord, HistoryEntry, PersonInLog, RecordView, ReviewKind } from '../shared/domain';
import type { CliOptions } from './args';
import { activityFilterOf, historyFilterOf, relatedFilterOf } from './filter-options';
import { cell, count, cutValuesNote, formatInstant, howMadeText, renderTable } from './format';
import { printInsights } from './insights-command';
import { findView, printViews, withView } from './view-options';
import { byteSizeText } from '../shared/byte-size';

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Prints one page, or every page with --all, in the chosen format. */
async function printPaged<T>(
  opts: CliOptions,
  io: Output,
  fetch: (cursor: string | undefined) => Promise<Page<T>>,
  renderText: (items: T[]) => string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  let cursor = opts.after;
  const all: T[] = [];
  let next: string | null = null;
  do {
    const page = await fetch(cursor);
    next = page.nextCursor;
    cursor = next ?? undefined;
    if (opts.format === 'jsonl') for (const item of page.items) io.out(JSON.stringify(item));
    else if (opts.format === 'table' && opts.all) {
      if (page.items.length) io.out(renderText(page.items));
    } else all.push(...page.items);
  } while (opts.all && next);

  if (opts.format === 'json') io.out(JSON.stringify({ ...extra, items: all, nextCursor: next }, null, 2));
  else if (opts.format === 'table' && !opts.all) io.out(all.length ? renderText(all) : '(none)');
  if (next && !opts.all && opts.format !== 'json') io.err(`More: add --after ${next} (or --all).`);
}

function historyText(entries: HistoryEntry[], tz: string): string {
  return entries
    .map((e) => {
      const flag = e.legacy ? 'legacy' : isFirstRecorded(e) ? 'first recorded' : '';
      const who = e.byName ?? 'unknown';
      const how = howMadeText(e.made);
      const head = `${formatInstant(e.byTime, tz, e.storedTime)}  ${e.changeCue.padEnd(9)}  ${who}${e.byId === null ? '' : ` (${e.byId})`}${how ? `  ${how}` : ''}  log ${e.logId}${flag ? `  [${flag}]` : ''}`;
      const cut = cutValuesNote(e);
      return [head, ...e.narrative.map((line) => `    ${line}`), ...(cut ? [`    ${cut}`] : [])].join('\n');
    })
    .join('\n');
}

function activityText(entries: ActivityEntry[], tz: string): string {
  return entries
    .map((e) => {
      const who = e.byName ?? 'unknown';
      const what = `${e.table} ${e.recordId}${e.title ? ` (${e.title})` : ''}`;
      const how = howMadeText(e.made);
      const head = `${formatInstant(e.byTime, tz, e.storedTime)}  ${e.changeCue.padEnd(9)}  ${what}  by ${who}${e.byId === null ? '' : ` (${e.byId})`}${how ? `  ${how}` : ''}  log ${e.logId}`;
      const cut = cutValuesNote(e);
      return [head, ...e.narrative.map((line) => `    ${line}`), ...(cut ? [`    ${cut}`] : [])].join('\n');
    })
    .join('\n');
}

function recordsText(records: RecordView[]): string {
  const fields = [...new Set(records.flatMap((r) => Object.keys(r.values)))].slice(0, 5);
  return renderTable(
    ['ID', 'Title', ...fields],
    records.map((r) => [String(r.id), r.title ?? '', ...fields.map((f) => cell(r.values[f], 28))]),
  );
}

function deletedText(records: DeletedRecord[], tz: string): string {
  return renderTable(
    ['ID', 'Title', 'Last entry', 'Deleted by', 'Entries'],
    records.map((r) => [
      String(r.id),
      r.title ?? '',
      formatInstant(r.lastTime, tz),
      r.deletionLogged ? `${r.deletedByName ?? '?'} (${r.deletedById ?? '?'})` : 'not logged',
      count(r.logEntryCount),
    ]),
    new Set([4]),
  );
}

function peopleText(people: PersonInLog[], tz: string): string {
  return renderTable(
    ['ID', 'Name', 'Login', 'Entries', 'Last change'],
    people.map((p) => [String(p.id), p.name ?? '', p.login ?? '', count(p.entryCount), formatInstant(p.lastTime, tz)]),
    new Set([3]),
  );
}

/** `record TABLE ID --as-of TIME [--related]`: the record as it stood then, and its children under it. */
async function printAsOf(api: AuditApi, opts: CliOptions, io: Output, table: string, id: string): Promise<void> {
  const answer = await api.getRecordAsOf({ table, id, at: opts.asOf!, related: opts.related || undefined, depth: opts.depth });
  if (opts.format !== 'table') {
    io.out(JSON.stringify({ table, id, at: opts.asOf, ...answer }, null, opts.format === 'json' ? 2 : undefined));
    return;
  }
  const { entry, exists } = answer;
  if (!entry) io.out(`${table} ${id} had no log entry yet at ${opts.asOf}.`);
  else {
    const state = exists ? '' : '  (deleted by then: its last values)';
    io.out(`${table} ${id} as of ${opts.asOf}${state}`);
    io.out(`From log ${entry.logId}, ${entry.changeCue} by ${entry.byName ?? 'unknown'} at ${formatInstant(entry.byTime, opts.tz, entry.storedTime)}.`);
    if (entry.legacy) io.out('A legacy entry: the log kept no values.');
    else io.out(renderTable(['Field', 'Value'], Object.entries(entry.snapshot).map(([k, v]) => [k, cell(v, 80)])));
  }
  for (const related of answer.related ?? []) {
    const indent = '  '.repeat(related.depth);
    io.out('');
    io.out(`${indent}${related.table} (by ${related.column} → ${related.parent}): ${related.records.length === 0 ? 'none stood then' : `${related.records.length} stood then`}`);
    if (related.notShown > 0) io.out(`${indent}${related.notShown} more stood then but are deleted now; only admins read deleted records.`);
    if (related.unknown > 0) io.out(`${indent}${related.unknown} more had a legacy entry in force then (no values): whether they stood here is unknown.`);
    if (related.records.length === 0) continue;
    const fields = [...new Set(related.records.flatMap((r) => Object.keys(r.entry.snapshot)))].slice(0, 5);
    const table = renderTable(
      ['ID', 'Title', 'Entry in force', ...fields],
      related.records.map((r) => [cell(r.id, 28), r.title === null ? '' : cell(r.title, 40), formatInstant(r.entry.byTime, opts.tz, r.entry.storedTime), ...fields.map((f) => cell(r.entry.snapshot[f], 28))]),
    );
    io.out(table.split('\n').map((line) => `${indent}${line}`).join('\n'));
  }
}

/** `health`: each log's rows, span, growth, size, rows past retention and missing indexes. */
async function printHealth(api: AuditApi, opts: CliOptions, io: Output): Promise<void> {
  const health = await api.getLogHealth({ exactRows: opts.exact || undefined, tables: opts.filter.tables.length ? opts.filter.tables : undefined });
  if (opts.format === 'json') {
    io.out(JSON.stringify(health, null, 2));
    return;
  }
  if (opts.format === 'jsonl') {
    for (const log of health.logs) io.out(JSON.stringify(log));
    return;
  }
  const { retention } = health;
  const olderHeader = `Older than ${retention.months} months`;
  io.out(
    renderTable(
      ['Table', 'Log table', 'Rows', 'Oldest', 'Newest', 'Per month', 'Size', olderHeader],
      health.logs.map((log) => [
        log.table,
        log.logTable,
        `${log.rowsEstimated ? 'about ' : ''}${count(log.rows)}`,
        log.oldest ? formatInstant(log.oldest, opts.tz).slice(0, 10) : '—',
        log.newest ? formatInstant(log.newest, opts.tz).slice(0, 10) : '—',
        sparkline(log.perMonth?.map((m) => m.entries) ?? []),
        log.sizeBytes === null ? 'not known' : byteSizeText(log.sizeBytes),
        count(log.olderThanRetention),
      ]),
      new Set([2, 6, 7]),
    ),
  );
  io.out(`Retention: ${retention.months} months, so rows before ${formatInstant(retention.cutoff, retention.timeZone)} (${retention.timeZone}) are older than the organisation keeps. The app never deletes or archives them.`);
  if (health.logs.some((log) => log.rowsEstimated)) io.out('"about": the engine\'s estimate; --exact counts every row.');
  for (const log of health.logs) {
    if (log.sizeBytes === null && log.sizeUnknownReason) io.err(`The size of ${log.logTable} is not known: ${log.sizeUnknownReason}.`);
    for (const hint of log.missingIndexes) io.err(`${hint.reason} A DBA can add it with:\n  ${hint.statements.split('\n').join('\n  ')}`);
  }
}

/** Eight levels of block, scaled to the largest month. */
function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  if (values.length === 0) return '—';
  const blocks = '▁▂▃▄▅▆▇█';
  return values.map((v) => (max === 0 || v === 0 ? ' ' : blocks[Math.min(7, Math.floor((v / max) * 7.999))])).join('');
}

/** `review`: the period's findings, by severity, each a line of text (or JSON for scripts). */
async function printReview(api: AuditApi, opts: CliOptions, io: Output): Promise<void> {
  const kinds = opts.kinds as ReviewKind[];
  const review = await api.getReview({ from: opts.filter.from, to: opts.filter.to, timeZone: opts.reviewZone, ...(kinds.length ? { kinds } : {}) });
  for (const u of review.unreadableTimes) io.err(`${u.table}: ${count(u.count)} entries have a time that cannot be read; they fall in no period and no finding counts them.`);
  if (opts.format === 'json') {
    io.out(JSON.stringify(review, null, 2));
    return;
  }
  if (opts.format === 'jsonl') {
    for (const finding of review.findings) io.out(JSON.stringify(finding));
    return;
  }
  const automation = review.automation.map((a) => `${a.name ?? a.login ?? a.id} (${a.id}): ${a.reason}`);
  if (automation.length) io.err(`Automation accounts (${review.timeZone}):\n  ${automation.join('\n  ')}`);
  if (review.findings.length === 0) {
    io.out(`No findings (times in ${review.timeZone}).`);
    return;
  }
  io.out(`Times in ${review.timeZone}.`);
  io.out(
    renderTable(
      ['Severity', 'Kind', 'Entries', 'Finding'],
      review.findings.map((f) => [f.severity, f.kind, count(f.count), f.sentence]),
      new Set([2]),
    ),
  );
}

export async function runCommand(api: AuditApi, given: CliOptions, io: Output): Promise<void> {
  // --view NAME: the saved view's filter, under the options typed as well.
  const opts = given.view === undefined ? given : withView(given, await findView(api, given.view));
  const [first, second] = opts.positionals as [string, string];
  switch (opts.command) {
    case 'tables': {
      const { tables, skipped } = await api.listTables({});
      for (const s of skipped) io.err(`Skipped ${s.logTable}: ${s.reason}.`);
      for (const t of tables) {
        if (t.missingIndex) {
          io.err(`${t.logTable} has no index on ${t.parentKey}, so reading a record's history scans the whole log. A DBA can add it with:\n  ${t.missingIndex.createStatement}`);
        }
        for (const hint of t.indexHints) io.err(`${hint.reason} A DBA can add it with:\n  ${hint.statements.split('\n').join('\n  ')}`);
      }
      if (opts.format === 'json') io.out(JSON.stringify({ tables, skipped }, null, 2));
      else if (opts.format === 'jsonl') for (const t of tables) io.out(JSON.stringify(t));
      else {
        io.out(
          renderTable(
            ['Table', 'Log table', 'Records', 'Log rows', 'Record id column', 'Fields'],
            tables.map((t) => [
              t.baseExists ? t.name : `${t.name} (table gone)`,
              t.logTable,
              count(t.recordCount),
              count(t.logRowCount),
              t.parentKey,
              String(t.fields.length),
            ]),
            new Set([2, 3, 5]),
          ),
        );
      }
      return;
    }
    case 'records':
      return printPaged(
        opts,
        io,
        async (cursor) => {
          const r = await api.listRecords({ table: first, search: opts.search, limit: opts.limit, cursor });
          return { items: r.records, nextCursor: r.nextCursor };
        },
        recordsText,
      );
    case 'record': {
      if (opts.asOf !== undefined) return printAsOf(api, opts, io, first, second);
      const { record } = await api.getRecord({ table: first, id: second });
      if (opts.format !== 'table') {
        io.out(JSON.stringify(record, null, opts.format === 'json' ? 2 : undefined));
        return;
      }
      const status = record.exists ? '' : '  (deleted: last logged snapshot)';
      io.out(`${first} ${record.id}${record.title ? `: ${record.title}` : ''}${status}`);
      io.out(renderTable(['Field', 'Value'], Object.entries(record.values).map(([k, v]) => [k, cell(v, 80)])));
      io.out(`${count(record.logEntryCount)} log entries.`);
      return;
    }
    case 'history': {
      if (opts.related) {
        const filter = relatedFilterOf(opts.filter);
        return printPaged(
          opts,
          io,
          async (cursor) => {
            const r = await api.getRelatedHistory({ table: first, id: second, depth: opts.depth, filter, limit: opts.limit, cursor });
            return { items: r.entries, nextCursor: r.nextCursor };
          },
          (entries) => activityText(entries, opts.tz),
          { table: first, id: second, related: true, depth: opts.depth ?? null, filter },
        );
      }
      const filter = historyFilterOf(opts.filter);
      return printPaged(
        opts,
        io,
        async (cursor) => {
          const r = await api.getHistory({ table: first, id: second, filter, limit: opts.limit, cursor });
          return { items: r.entries, nextCursor: r.nextCursor };
        },
        (entries) => historyText(entries, opts.tz),
        { table: first, id: second, filter },
      );
    }
    case 'activity': {
      const filter = activityFilterOf(opts.filter);
      return printPaged(
        opts,
        io,
        async (cursor) => {
          const r = await api.listActivity({ filter, limit: opts.limit, cursor });
          return { items: r.entries, nextCursor: r.nextCursor };
        },
        (entries) => activityText(entries, opts.tz),
        { filter },
      );
    }
    case 'review':
      return printReview(api, opts, io);
    case 'insights':
      return printInsights(api, opts, io);
    case 'deleted':
      return printPaged(
        opts,
        io,
        async (cursor) => {
          const r = await api.listDeletedRecords({ table: first, limit: opts.limit, cursor });
          return { items: r.records, nextCursor: r.nextCursor };
        },
        (records) => deletedText(records, opts.tz),
      );
    case 'restore-sql': {
      const restore = await api.getRestoreSql({ table: first, id: second, withChildren: opts.withChildren });
      if (opts.format !== 'table') io.out(JSON.stringify(restore, null, opts.format === 'json' ? 2 : undefined));
      else io.out(restore.sql);
      return;
    }
    case 'people': {
      // A DBA asking for the people of a log wants their counts, whatever reading them costs.
      const { people } = await api.listPeople({ table: first, recordId: opts.record, withCounts: true });
      if (opts.format === 'json') io.out(JSON.stringify({ people }, null, 2));
      else if (opts.format === 'jsonl') for (const p of people) io.out(JSON.stringify(p));
      else io.out(people.length ? peopleText(people, opts.tz) : '(none)');
      return;
    }
    case 'health':
      return printHealth(api, opts, io);
    case 'views':
      return printViews(api, opts, io, (head, rows) => renderTable(head, rows));
    case 'whoami': {
      const me = await api.whoAmI({});
      if (opts.format !== 'table') io.out(JSON.stringify(me));
      else if (me.person) {
        const how = me.source === 'configured' ? 'the configured person id' : `the login "${me.osLogin}"`;
        io.out(`${me.person.name ?? 'Person'} (ID ${me.person.id}), from ${how}.`);
      } else io.out(`Nobody: no person has the login "${me.osLogin}" and no person id is configured.`);
      io.out(`Role: ${me.role} (the command line is a DBA tool and runs as dba).`);
      return;
    }
  }
}
