import { describe, expect, it } from 'vitest';
import { zoneMatches, zoneName, zoneOffset, zoneWithOffset } from '../../renderer/format/zone';
import { formatTimeLong } from '../../renderer/format/time';

const WINTER = new Date('2025-01-15T12:00:00Z');
const SUMMER = new Date('2025-07-15T12:00:00Z');

describe('zone names', () => {
  it('writes every name of UTC as UTC and others with spaces', () => {
    expect(zoneName('UTC')).toBe('UTC');
    expect(zoneName('Etc/UTC')).toBe('UTC');
    expect(zoneName('America/New_York')).toBe('America/New York');
  });

  it('writes offsets one way, UTC±hh:mm, following daylight saving', () => {
    expect(zoneOffset('UTC', WINTER)).toBe('UTC+00:00');
    expect(zoneOffset('Europe/London', WINTER)).toBe('UTC+00:00');
    expect(zoneOffset('Europe/London', SUMMER)).toBe('UTC+01:00');
    expect(zoneOffset('America/New_York', WINTER)).toBe('UTC-05:00');
    expect(zoneOffset('Asia/Kolkata', WINTER)).toBe('UTC+05:30');
    expect(zoneOffset('Mars/Olympus', WINTER)).toBe('');
    expect(zoneWithOffset('America/New_York', SUMMER)).toBe('America/New York (UTC-04:00)');
    expect(zoneWithOffset('UTC', SUMMER)).toBe('UTC');
  });

  it('finds a zone by its city typed with spaces, a renamed city or its offset', () => {
    expect(zoneMatches('new york', 'America/New_York')).toBe(true);
    expect(zoneMatches('New York', 'America/New_York')).toBe(true);
    expect(zoneMatches('  york ', 'America/New_York')).toBe(true);
    expect(zoneMatches('new york', 'Europe/London')).toBe(false);
    expect(zoneMatches('kolkata', 'Asia/Calcutta')).toBe(true);
    expect(zoneMatches('+05:30', 'Asia/Kolkata', WINTER)).toBe(true);
    expect(zoneMatches('utc-5', 'America/New_York', WINTER)).toBe(true);
    expect(zoneMatches('utc-5', 'America/New_York', SUMMER)).toBe(false);
  });

  it('ends a long time with the offset written the same way, not GMT+1 or BST', () => {
    expect(formatTimeLong('2025-07-15T12:00:00.000Z', 'Europe/London')).toBe('Tuesday 15 July 2025, 13:00:00 UTC+01:00');
    expect(formatTimeLong('2025-01-15T12:00:00.000Z', 'UTC')).toBe('Wednesday 15 January 2025, 12:00:00 UTC+00:00');
  });
});
