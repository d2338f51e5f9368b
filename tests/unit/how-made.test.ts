/**
 * How a change was made (pure parts): the wording, the IP address's sensitivity, the settings keys,
 * the address's parameters, the demo's bulk edits, and log health's figures as the view says them.
 */
import { describe, expect, it } from 'vitest';
import { bulkEvents, howWritten, BULK_MIN_CHANGES } from '../../db/demo/how-made';
import type { PersonState } from '../../db/demo/world';
import { checkSettings } from '../../db/settings-file';
import { retentionCutoff } from '../../db/organisation';
import { NO_ACTIVITY_FILTER } from '../../renderer/activity/activity-filter';
import { NO_FILTER, toHistoryFilter, toRelatedFilter } from '../../renderer/audit/log-filter';
import { retentionText, rowsText, sizeText, sparkHeights } from '../../renderer/health/health-figures';
import { filteredParts, howMadeText, recordedParts } from '../../shared/how-made';
import { howMadeSensitivity } from '../../shared/sensitivity';
import type { Organisation } from '../../shared/domain';
import { roundTrip } from '../support/address-round-trip';

describe('how a change was made, in words', () => {
  it('names the parts the log records, an unknown one as unknown, and nothing for a log without them', () => {
    expect(howMadeText({ method: 'Bulk', ip: null })).toBe('Method Bulk · IP address (unknown)');
    expect(howMadeText({})).toBe('');
    expect(howMadeText(undefined)).toBe('');
    expect(recordedParts({ correlation: 'x', method: null })).toEqual(['method', 'correlation']);
    expect(filteredParts({ method: '', ip: '10.0.0.1' })).toEqual([['ip', '10.0.0.1']]);
  });

  it('masks an IP address by default, unless the settings say otherwise, and hides a password-like column', () => {
    expect(howMadeSensitivity('ip', 'Customer', 'SourceIP')).toBe('masked');
    expect(howMadeSensitivity('ip', 'Customer', 'SourceIP', { 'customer.sourceip': 'none' })).toBe('none');
    expect(howMadeSensitivity('ip', 'Customer', 'SourceIP', { SourceIP: 'none' })).toBe('none');
    expect(howMadeSensitivity('method', 'Customer', 'UpdateMethod')).toBe('none');
    expect(howMadeSensitivity('correlation', 'Customer', 'SessionToken')).toBe('hidden');
  });

  it('accepts the columns of how a change was made in a table\'s settings, and nothing else', () => {
    expect(() => checkSettings('s.json', { tables: { Customer: { columns: { method: 'Channel', application: 'App', ip: 'Addr', correlation: 'Tx' } } } })).not.toThrow();
    expect(() => checkSettings('s.json', { tables: { Customer: { columns: { methd: 'Channel' } } } })).toThrow(/"tables\.Customer\.columns\.methd" is not a setting/);
    expect(() => checkSettings('s.json', { tables: { Customer: { columns: { ip: 7 } } } })).toThrow(/must be a column name/);
  });
});

describe('the address of a how-made filter', () => {
  it('writes Activity\'s and a log\'s how-made filter, and reads them back', () => {
    expect(roundTrip({ view: { kind: 'activity', filter: { ...NO_ACTIVITY_FILTER, made: { method: 'Bulk', ip: '10.0.0.1' } } }, record: null, zone: null })).toBe(
      '#/activity?method=Bulk&ip=10.0.0.1',
    );
    const record = { table: 'Customer', id: '42', log: true, entry: null, entryTable: null, related: false, filter: { ...NO_FILTER, made: { correlation: 'tx 1' } } };
    expect(roundTrip({ view: { kind: 'table', table: 'Customer', tab: 'records' }, record, zone: null })).toBe('#/table/Customer?record=Customer&id=42&log&logCorrelation=tx%201');
    expect(roundTrip({ view: { kind: 'health' }, record: null, zone: null })).toBe('#/health');
  });

  it('passes the log\'s filter to its own log only', () => {
    const filter = { ...NO_FILTER, made: { method: 'Import' } };
    expect(toHistoryFilter(filter, 'UTC').made).toEqual({ method: 'Import' });
    expect(toRelatedFilter(filter, 'UTC').made).toBeUndefined();
  });
});

describe('the demo\'s update methods', () => {
  const person = (id: number, role: PersonState['role']): PersonState => ({ id, role, row: {} as PersonState['row'] });

  it('follows who acts: the service accounts are their method, a burst of one person\'s changes is a bulk edit', () => {
    expect(howWritten(person(2, 'automation'), 0, false).method).toBe('Automation');
    expect(howWritten(person(3, 'import'), 0, true).method).toBe('Import');
    expect(howWritten(person(4, 'portal'), 100, false)).toEqual({ method: 'User', ip: '203.0.113.101' });
    expect(howWritten(person(9, 'sales'), 0, true).method).toBe('Bulk');
    const director = person(5, 'director');
    const burst = Array.from({ length: BULK_MIN_CHANGES }, (_, i) => ({ at: 1000 + i * 2, actor: director }));
    const apart = Array.from({ length: BULK_MIN_CHANGES }, (_, i) => ({ at: 5000 + i * 600, actor: director }));
    const bulk = bulkEvents([...burst, ...apart]);
    expect(burst.every((e) => bulk.has(e))).toBe(true);
    expect(apart.some((e) => bulk.has(e))).toBe(false);
  });
});

describe('log health in words', () => {
  it('says rows, sizes and retention in the organisation\'s terms', () => {
    expect(rowsText({ rows: 5_854_694, rowsEstimated: false })).toBe('5,854,694');
    expect(rowsText({ rows: 5_900_000, rowsEstimated: true })).toBe('about 5,900,000');
    expect(rowsText({ rows: null, rowsEstimated: false })).toBe('—');
    expect(sizeText(null)).toBe('not known');
    expect(sizeText(512)).toBe('512 bytes');
    expect(sizeText(432 * 1024 * 1024)).toBe('432 MiB');
    expect(retentionText(412_000, 24)).toBe('412,000 rows older than 24 months');
    expect(retentionText(0, 24)).toBe('none older than 24 months');
    expect(retentionText(null, 24)).toBeNull();
    expect(sparkHeights([{ month: '2026-01', entries: 5 }, { month: '2026-02', entries: 0 }, { month: '2026-03', entries: 10 }])).toEqual([0.5, 0, 1]);
  });

  it('puts the retention cutoff at midnight of the organisation\'s zone, the month\'s last day where it is shorter', () => {
    const org = (timeZone: string, retentionMonths = 24): Organisation => ({
      timeZone,
      timeZoneSource: 'settings',
      workingHours: { from: '07:00', to: '19:00' },
      workingDays: [1, 2, 3, 4, 5],
      automation: [],
      retentionMonths,
    });
    expect(retentionCutoff(org('Asia/Kolkata'), new Date('2026-06-15T12:00:00Z')).toISOString()).toBe('2024-06-14T18:30:00.000Z');
    expect(retentionCutoff(org('America/New_York'), new Date('2026-06-15T12:00:00Z')).toISOString()).toBe('2024-06-15T04:00:00.000Z');
    // Already 16 June in Kolkata, still 15 June in New York.
    expect(retentionCutoff(org('Asia/Kolkata'), new Date('2026-06-15T20:00:00Z')).toISOString()).toBe('2024-06-15T18:30:00.000Z');
    expect(retentionCutoff(org('UTC', 1), new Date('2026-03-31T12:00:00Z')).toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(retentionCutoff(org('UTC', 3), new Date('2026-02-10T00:00:00Z')).toISOString()).toBe('2025-11-10T00:00:00.000Z');
  });
});
