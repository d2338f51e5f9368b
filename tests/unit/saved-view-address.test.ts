/**
 * What "Save view…" saves from the screen, and the address a saved view opens: the round trip
 * through the address (written by address.ts, read back as a pasted address) gives the same view,
 * for every kind, and every view the screens save is one the contract accepts.
 */
import { describe, expect, it } from 'vitest';
import { checkViewToSave, type SavedViewSpec } from '../../shared/saved-views';
import { NO_ACTIVITY_FILTER, type ActivityViewFilter } from '../../renderer/activity/activity-filter';
import { formatAddress, parseAddress, type Address } from '../../renderer/app/address';
import { activitySpec, addressOfView, insightsSpec, logSpec, reviewSpec } from '../../renderer/app/saved-view-address';
import { NO_FILTER } from '../../renderer/audit/log-filter';
import { NO_INSIGHTS_FILTER } from '../../renderer/insights/insights-filter';

/** Opens a view as the sidebar does (its address as a hash), and saves what that address shows again. */
function reopened(spec: SavedViewSpec): { address: Address; again: SavedViewSpec } {
  const { address, problems } = parseAddress(formatAddress(addressOfView(spec)));
  expect(problems).toEqual([]);
  const zone = address.zone ?? 'UTC';
  const { view, record } = address;
  if (record) return { address, again: logSpec(record.table, record.id, record.related, record.filter, zone) };
  if (view.kind === 'activity') return { address, again: activitySpec(view.filter, zone) };
  if (view.kind === 'insights') return { address, again: insightsSpec(view.filter, zone) };
  if (view.kind === 'review') return { address, again: reviewSpec(view.from, view.to, zone) };
  throw new Error(`unexpected view ${view.kind}`);
}

const ACTIVITY: ActivityViewFilter = {
  ...NO_ACTIVITY_FILTER,
  from: '2026-10-01',
  to: '2026-10-31',
  by: { kind: 'person', personId: '19' },
  tables: ['Contact'],
  cues: ['Deleted'],
  field: 'Phone',
  made: { method: 'Bulk' },
  performedBy: 'person',
  between: { from: '2026-10-03T01:10:05Z', to: '2026-10-03T01:14:41Z' },
  hoursOfWeek: [{ weekday: 6, hour: 2 }],
};

describe('a saved view and its address', () => {
  it('round-trips Activity, with its days in their zone', () => {
    const spec = activitySpec(ACTIVITY, 'Asia/Kolkata');
    expect(checkViewToSave('x', spec)).toEqual({ name: 'x', ...spec });
    const { address, again } = reopened(spec);
    expect(address.zone).toBe('Asia/Kolkata');
    expect(again).toEqual(spec);
  });

  it('round-trips Review and Insights', () => {
    for (const spec of [
      reviewSpec('2026-10-01', '2026-10-31', 'Europe/London'),
      insightsSpec({ ...NO_INSIGHTS_FILTER, from: '2026-01-01', to: '2026-03-31', by: { kind: 'mine' }, cues: ['Added'], tables: ['Customer'], granularity: 'week', split: 'cue' }, 'America/New_York'),
    ]) {
      expect(checkViewToSave('x', spec)).toEqual({ name: 'x', ...spec });
      expect(reopened(spec).again).toEqual(spec);
    }
    // Without days, no zone is written into the address (it would mean nothing), and none is lost.
    const whole = reviewSpec(null, null, 'Europe/London');
    expect(formatAddress(addressOfView(whole))).toBe('#/review');
  });

  it("round-trips a record's log, on its own and with its related records", () => {
    const own = logSpec('Customer', 42, false, { ...NO_FILTER, from: '2025-01-01', by: { kind: 'mine' }, made: { method: 'Import' }, tables: ['Contact'] }, 'UTC');
    // The Entity filter belongs to the related log only.
    expect(own).toEqual({ kind: 'log', record: { table: 'Customer', id: 42 }, related: false, filter: { timeZone: 'UTC', by: { kind: 'mine' }, from: '2025-01-01', made: { method: 'Import' } } });
    expect(checkViewToSave('x', own)).toEqual({ name: 'x', ...own });
    const { address, again } = reopened(own);
    expect(address.record).toMatchObject({ table: 'Customer', id: '42', log: true, entry: null });
    expect(address.view).toEqual({ kind: 'table', table: 'Customer', tab: 'records' });
    expect(again).toEqual({ ...own, record: { table: 'Customer', id: '42' } });
    const related = logSpec('Customer', '42', true, { ...NO_FILTER, to: '2026-03-29', tables: ['Contact'], performedBy: 'automation' }, 'Europe/London');
    expect(checkViewToSave('x', related)).toEqual({ name: 'x', ...related });
    expect(reopened(related).again).toEqual(related);
  });
});
