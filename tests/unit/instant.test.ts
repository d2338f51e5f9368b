import { describe, expect, it } from 'vitest';
import { instantOf, nowIn } from '../../renderer/format/instant';

describe('instants picked in the user\u2019s zone', () => {
  it('reads a wall-clock time in the chosen zone, not the browser\u2019s', () => {
    expect(instantOf('2026-07-01T12:00:00', 'Europe/London')).toBe('2026-07-01T11:00:00.000Z');
    expect(instantOf('2026-01-01T12:00', 'Europe/London')).toBe('2026-01-01T12:00:00.000Z');
    expect(instantOf('2026-07-01T12:00:00', 'America/New_York')).toBe('2026-07-01T16:00:00.000Z');
  });

  it('takes a time with an offset as that instant', () => {
    expect(instantOf('2026-07-01T12:00:00+01:00', 'America/New_York')).toBe('2026-07-01T11:00:00.000Z');
    expect(instantOf('2026-07-01T12:00:00Z', 'Europe/London')).toBe('2026-07-01T12:00:00.000Z');
  });

  it('says null for what it cannot read', () => {
    expect(instantOf('yesterday', 'UTC')).toBeNull();
  });

  it('writes now in the zone, with its offset', () => {
    const now = new Date('2026-07-01T11:00:00Z');
    expect(nowIn('Europe/London', now)).toBe('2026-07-01T12:00:00+01:00');
    expect(instantOf(nowIn('Asia/Kolkata', now), 'UTC')).toBe('2026-07-01T11:00:00.000Z');
  });
});
