import { describe, expect, it } from 'vitest';
import type { LoggedTable } from '../../shared/domain';
import { NO_ACTIVITY_FILTER } from '../../renderer/activity/activity-filter';
import { NO_FILTER } from '../../renderer/audit/log-filter';
import { NO_INSIGHTS_FILTER } from '../../renderer/insights/insights-filter';
import { fitAddress, formatAddress, isDay, MAX_ADDRESS_LENGTH, parseAddress, START, type Address } from '../../renderer/app/address';
import { roundTrip } from '../support/address-round-trip';

const table = (name: string, baseExists = true): LoggedTable => ({
  name,
  logTable: `${name}_log`,
  baseExists,
  parentKey: `${name}ID`,
  recordKey: 'ID',
  titleFields: [],
  fields: [],
  recordCount: 1,
  logRowCount: 1,
  missingIndex: null,
  indexHints: [],
});
const TABLES = [table('Customer'), table('Audit'), table('Gone', false)];

describe('the address', () => {
  it('reads an empty hash as the start', () => {
    for (const hash of ['', '#', '#/', '/']) expect(parseAddress(hash)).toEqual({ address: START, problems: [] });
    expect(formatAddress(START)).toBe('#/');
  });

  it('writes a table, its deleted records, and reads them back', () => {
    expect(roundTrip({ view: { kind: 'table', table: 'Customer', tab: 'records' }, record: null, zone: null })).toBe('#/table/Customer');
    expect(roundTrip({ view: { kind: 'table', table: 'Customer', tab: 'deleted' }, record: null, zone: null })).toBe('#/table/Customer/deleted');
  });

  it('writes Activity with every filter, and its dates with their zone', () => {
    const a: Address = {
      view: {
        kind: 'activity',
        filter: { ...NO_ACTIVITY_FILTER, from: '2026-01-01', to: '2026-01-31', by: { kind: 'person', personId: '7' }, tables: ['Customer', 'Audit'], cues: ['Deleted', 'Added'], field: 'Phone' },
      },
      record: null,
      zone: 'America/New_York',
    };
    expect(roundTrip(a)).toBe('#/activity?from=2026-01-01&to=2026-01-31&by=person:7&table=Customer&table=Audit&cue=Deleted&cue=Added&field=Phone&zone=America/New_York');
  });

  it("writes a finding's entries (an instant range, Performed by), and Review's period", () => {
    const between = { from: '2026-10-03T01:10:05.000Z', to: '2026-10-03T01:14:41.000000001Z' };
    const finding: Address = { view: { kind: 'activity', filter: { ...NO_ACTIVITY_FILTER, between, performedBy: 'person', by: { kind: 'person', personId: '9' } } }, record: null, zone: null };
    expect(roundTrip(finding)).toBe('#/activity?by=person:9&performed=person&since=2026-10-03T01:10:05.000Z&until=2026-10-03T01:14:41.000000001Z');
    expect(roundTrip({ view: { kind: 'review', from: '2026-10-01', to: '2026-10-31' }, record: null, zone: 'Europe/London' })).toBe('#/review?from=2026-10-01&to=2026-10-31&zone=Europe/London');
    expect(roundTrip({ view: { kind: 'review', from: null, to: null }, record: null, zone: null })).toBe('#/review');
    const log = { table: 'Customer', id: '1', log: true, entry: null, entryTable: null, related: false, filter: { ...NO_FILTER, performedBy: 'automation' as const } };
    expect(roundTrip({ view: { kind: 'table', table: 'Customer', tab: 'records' }, record: log, zone: null })).toBe('#/table/Customer?record=Customer&id=1&log&logPerformed=automation');
    const bad = parseAddress('#/activity?since=2026-10-03T01:10:05Z&performed=robots');
    expect(bad.address.view).toEqual({ kind: 'activity', filter: NO_ACTIVITY_FILTER });
    expect(bad.problems).toHaveLength(2);
    expect(fitAddress({ view: { kind: 'review', from: null, to: null }, record: null, zone: null }, TABLES, false).problems).toEqual(['Review is for admins, so the first table is shown instead.']);
  });

  it('leaves the zone out when no date needs it', () => {
    const hash = formatAddress({ view: { kind: 'activity', filter: NO_ACTIVITY_FILTER }, record: null, zone: 'Asia/Kolkata' });
    expect(hash).toBe('#/activity');
  });

  it('writes an open record, on its log, on an entry, with the log filtered', () => {
    const base: Address = { view: { kind: 'table', table: 'Customer', tab: 'records' }, record: null, zone: null };
    const form = { table: 'Customer', id: '42', log: false, entry: null, entryTable: null, related: false, filter: NO_FILTER };
    expect(roundTrip({ ...base, record: form })).toBe('#/table/Customer?record=Customer&id=42');
    expect(roundTrip({ ...base, record: { ...form, log: true } })).toBe('#/table/Customer?record=Customer&id=42&log');
    expect(roundTrip({ ...base, record: { ...form, log: true, entry: '1234' } })).toBe('#/table/Customer?record=Customer&id=42&entry=1234');
    roundTrip({ ...base, zone: 'Europe/London', record: { ...form, log: true, entry: '9', filter: { ...NO_FILTER, from: '2025-03-30', to: null, by: { kind: 'mine' }, tables: [] } } });
    // Opened from Activity: the record's table need not be the view's.
    roundTrip({ view: { kind: 'activity', filter: { ...NO_ACTIVITY_FILTER, cues: ['Modified'] } }, record: { ...form, table: 'Audit', log: true, entry: '5' }, zone: null });
  });

  it('writes a record\'s log with its related records, the Entity filter and a related record\'s entry', () => {
    const base: Address = { view: { kind: 'table', table: 'Customer', tab: 'records' }, record: null, zone: null };
    const related = { table: 'Customer', id: '1', log: true, entry: null, entryTable: null, related: true, filter: NO_FILTER };
    expect(roundTrip({ ...base, record: related })).toBe('#/table/Customer?record=Customer&id=1&related=1');
    expect(roundTrip({ ...base, record: { ...related, filter: { ...NO_FILTER, tables: ['Contact', 'Audit'] } } })).toBe(
      '#/table/Customer?record=Customer&id=1&related=1&logTable=Contact&logTable=Audit',
    );
    // Log ids are per log: a related record's entry names its table, the record's own does not.
    expect(roundTrip({ ...base, record: { ...related, entry: '77', entryTable: 'Contact' } })).toBe('#/table/Customer?record=Customer&id=1&related=1&entry=77&entryTable=Contact');
    expect(roundTrip({ ...base, record: { ...related, entry: '77' } })).toBe('#/table/Customer?record=Customer&id=1&related=1&entry=77');
    expect(parseAddress('#/table/Customer?record=Customer&id=1&related=1&entry=77&entryTable=Customer').address.record).toEqual({ ...related, entry: '77' });
    // Off is the record's own log, as an address without it.
    expect(parseAddress('#/table/Customer?record=Customer&id=1&log&related=0').address.record).toEqual({ ...related, related: false });
    const odd = parseAddress('#/table/Customer?record=Customer&id=1&log&related=maybe');
    expect(odd.address.record?.related).toBe(false);
    expect(odd.problems).toHaveLength(1);
  });

  it('carries any name or id: spaces, slashes, ampersands, line breaks, markup, non-ASCII', () => {
    for (const name of ['Order Line', 'a/b', 'x&record=Evil&id=1', 'two\nlines', '<img src=x onerror=alert(1)>', 'Künde_日本', '100%', 'a+b', '#hash?q']) {
      roundTrip({ view: { kind: 'table', table: name, tab: 'records' }, record: { table: name, id: name, log: true, entry: name, entryTable: null, related: false, filter: NO_FILTER }, zone: null });
      roundTrip({ view: { kind: 'table', table: name, tab: 'records' }, record: { table: 'Customer', id: name, log: true, entry: name, entryTable: name, related: true, filter: { ...NO_FILTER, tables: [name] } }, zone: null });
      roundTrip({ view: { kind: 'activity', filter: { ...NO_ACTIVITY_FILTER, tables: [name], field: name, by: { kind: 'person', personId: name } } }, record: null, zone: null });
    }
  });

  it('reads an entry as being on the log, and accepts a cue in any case', () => {
    const { address, problems } = parseAddress('#/activity?cue=deleted&record=Customer&id=3&entry=77');
    expect(problems).toEqual([]);
    expect(address.view).toEqual({ kind: 'activity', filter: { ...NO_ACTIVITY_FILTER, cues: ['Deleted'] } });
    expect(address.record).toEqual({ table: 'Customer', id: '3', log: true, entry: '77', entryTable: null, related: false, filter: NO_FILTER });
  });
});

describe('a hostile or stale address', () => {
  it('never throws, and says what it could not read', () => {
    const hostile = [
      '#/%E0%A4%A',
      '#/table/%',
      '#/nowhere/at/all',
      '#/table',
      '#/table/Customer/records/42/extra',
      '#/activity/more',
      '#/activity?from=hello&to=2025-02-31',
      '#/activity?from=2026-02-01&to=2026-01-01',
      '#/activity?by=root&cue=Exploded',
      '#/activity?zone=Mars/Olympus',
      '#/table/Customer?record=Customer',
      '#/table/Customer?id=5',
      `#/${'x'.repeat(MAX_ADDRESS_LENGTH + 1)}`,
      '#/table/Customer?logFrom=2026-13-01&record=Customer&id=1',
      '#/table/Customer?record=Customer&id=1&logFrom=2026-02-01&logTo=2026-01-01',
    ];
    for (const hash of hostile) {
      const parsed = parseAddress(hash);
      expect(parsed.problems.length, hash).toBeGreaterThan(0);
      for (const p of parsed.problems) {
        expect(p, hash).toMatch(/\.$/);
        expect(p.length, hash).toBeLessThan(220);
        expect(p, hash).not.toMatch(/\n/);
      }
      // What is read is itself a valid address: writing it and reading it again loses nothing.
      expect(parseAddress(formatAddress(parsed.address)).address).toEqual(parsed.address);
    }
  });

  it('ignores what means nothing', () => {
    expect(parseAddress('#?&&&=&==')).toEqual({ address: START, problems: [] });
  });

  it('drops only the part it cannot read', () => {
    const { address, problems } = parseAddress('#/activity?from=hello&to=2026-01-31&cue=Deleted&cue=Exploded&zone=Europe/London');
    expect(address.view).toEqual({ kind: 'activity', filter: { ...NO_ACTIVITY_FILTER, to: '2026-01-31', cues: ['Deleted'] } });
    expect(address.zone).toBe('Europe/London');
    expect(problems).toHaveLength(2);
  });

  it('quotes a name back on one bounded line', () => {
    const [problem] = parseAddress(`#/${encodeURIComponent(`a\nb${'z'.repeat(500)}`)}`).problems;
    expect(problem).toContain('"#/a b');
    expect(problem!.length).toBeLessThan(200);
  });

  it('fits the address to the database: unknown tables and admin views give way, with a sentence', () => {
    const unknown = fitAddress(parseAddress('#/table/Nope?record=Nada&id=1').address, TABLES, true);
    expect(unknown.address).toEqual({ view: { kind: 'table', table: 'Customer', tab: 'records' }, record: null, zone: null });
    expect(unknown.problems).toEqual([
      'This database logs no table named "Nope", so Customer is shown.',
      'This database logs no table named "Nada", so record "1" cannot be opened.',
    ]);

    const plain = fitAddress(parseAddress('#/activity?cue=Deleted').address, TABLES, false);
    expect(plain.address.view).toEqual({ kind: 'table', table: 'Customer', tab: 'records' });
    expect(plain.problems).toEqual(['Activity is for admins, so the first table is shown instead.']);
    // Not known yet: kept until it is.
    expect(fitAddress(parseAddress('#/activity').address, TABLES, null)).toEqual({ address: parseAddress('#/activity').address, problems: [] });

    expect(fitAddress(parseAddress('#/table/Customer/deleted').address, TABLES, false).address.view).toEqual({ kind: 'table', table: 'Customer', tab: 'records' });
    // A table whose base table is gone has only deleted records.
    expect(fitAddress(parseAddress('#/table/Gone').address, TABLES, true)).toEqual({ address: { view: { kind: 'table', table: 'Gone', tab: 'deleted' }, record: null, zone: null }, problems: [] });
    expect(fitAddress(START, TABLES, true).address.view).toEqual({ kind: 'table', table: 'Customer', tab: 'records' });

    const someUnknown = fitAddress(parseAddress('#/activity?table=Audit&table=Nope').address, TABLES, true);
    expect(someUnknown.address.view).toEqual({ kind: 'activity', filter: { ...NO_ACTIVITY_FILTER, tables: ['Audit'] } });
    expect(someUnknown.problems).toHaveLength(1);

    const entityUnknown = fitAddress(parseAddress('#/table/Customer?record=Customer&id=1&related=1&logTable=Audit&logTable=Nope').address, TABLES, true);
    expect(entityUnknown.address.record?.filter.tables).toEqual(['Audit']);
    expect(entityUnknown.problems).toHaveLength(1);
  });

  it('knows a day from a non-day', () => {
    expect(isDay('2024-02-29')).toBe(true);
    for (const text of ['2025-02-29', '2025-2-1', '20250201', '2025-00-10', 'hello', '2025-01-01T00:00']) expect(isDay(text), text).toBe(false);
  });

  it('writes Insights with its period, options and zone, and Activity’s hours of the week, and reads them back', () => {
    const insights: Address = {
      view: { kind: 'insights', filter: { ...NO_INSIGHTS_FILTER, from: '2026-01-01', to: '2026-03-31', tables: ['Customer'], granularity: 'week', split: 'cue' } },
      record: null,
      zone: 'Asia/Kolkata',
    };
    expect(roundTrip(insights)).toBe('#/insights?from=2026-01-01&to=2026-03-31&table=Customer&per=week&split=cue&zone=Asia/Kolkata');
    const cell: Address = { view: { kind: 'activity', filter: { ...NO_ACTIVITY_FILTER, hoursOfWeek: [{ weekday: 7, hour: 3 }] } }, record: null, zone: 'Asia/Kathmandu' };
    expect(roundTrip(cell)).toBe('#/activity?hour=sun-03&zone=Asia/Kathmandu');
    const bad = parseAddress('#/activity?hour=fun-03&hour=mon-24&hour=Mon-9');
    expect(bad.address.view).toEqual({ kind: 'activity', filter: { ...NO_ACTIVITY_FILTER, hoursOfWeek: [{ weekday: 1, hour: 9 }] } });
    expect(bad.problems).toHaveLength(2);
    expect(parseAddress('#/insights?per=year').problems).toEqual(['Insights cannot count per "year" (day, week or month), so the period\'s length chooses.']);
  });

  it('keeps Insights from a plain user', () => {
    const fitted = fitAddress({ view: { kind: 'insights', filter: NO_INSIGHTS_FILTER }, record: null, zone: null }, TABLES, false);
    expect(fitted.address.view).toEqual({ kind: 'table', table: 'Customer', tab: 'records' });
    expect(fitted.problems).toEqual(['Insights is for admins, so the first table is shown instead.']);
  });
});
