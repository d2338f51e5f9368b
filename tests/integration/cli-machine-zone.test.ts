/**
 * Times in the machine's zone without `Intl` (cli/machine-zone.ts): the CLI run with no `--tz`
 * formats with `Date`'s local fields, and must print exactly what the `Intl` path prints for the
 * same zone named with `--tz`, across daylight-saving changes (an hour, Lord Howe's half hour),
 * at the fraction of a second, before 1970 and on a zone that changed its offset in history.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { machineZoneName } from '../../cli/machine-zone';
import { runCli } from './fixtures/cli';
import { tempDir, writeReplica } from './fixtures/replica';

const TIMES = [
  '1943-06-01 12:00:00', // Kolkata at +06:30 in the war years
  '1969-12-31 23:59:59.5',
  '2024-03-10 06:59:59.999999', // New York: a second before the clocks go forward
  '2024-03-10 07:00:00',
  '2024-04-06 14:59:59', // Lord Howe: half an hour back
  '2024-04-06 15:00:00.25',
  '2024-11-03 05:30:00', // New York: inside the repeated hour
  '2024-11-03 06:30:00',
  '2024-12-31 23:59:59.123456',
];

const FIXTURE = `
CREATE TABLE "Note" ("ID" INTEGER PRIMARY KEY, "Text" TEXT);
INSERT INTO "Note" VALUES (1, 'x');
CREATE TABLE "Note_log" ("ID" INTEGER PRIMARY KEY, "NoteID" INTEGER, "Text" TEXT, "ByID" INTEGER, "ByName" TEXT, "ByTime" TEXT, "ChangeCue" TEXT);
INSERT INTO "Note_log" VALUES ${TIMES.map((t, i) => `(${i + 1}, 1, 'v${i}', 1, 'Ann', '${t}', '${i === 0 ? 'Added' : 'Modified'}')`).join(', ')};
CREATE INDEX "IX_Note_log" ON "Note_log" ("NoteID", "ByTime", "ID");
`;

const dir = tempDir();
const home = path.join(dir, 'home');
const db = writeReplica(path.join(dir, 'zones.sqlite'), FIXTURE);

describe('the CLI in the machine\'s zone', () => {
  for (const zone of ['America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata']) {
    it(`prints ${zone} times as --tz ${zone} does`, async () => {
      const local = await runCli(home, ['history', 'Note', '1', '--db', db, '--all'], { TZ: zone });
      const named = await runCli(home, ['history', 'Note', '1', '--db', db, '--all', '--tz', zone], { TZ: 'UTC' });
      expect(local.stderr).toBe('');
      expect(named.code).toBe(0);
      expect(local.stdout).toBe(named.stdout);
      // Not vacuous: the zone moved the times.
      const utc = await runCli(home, ['history', 'Note', '1', '--db', db, '--all', '--tz', 'UTC'], { TZ: zone });
      expect(utc.stdout).not.toBe(local.stdout);
    }, 120_000);
  }

  // Where the zone files are where machine-zone.ts reads them (not on Windows).
  it.skipIf(!fs.existsSync('/usr/share/zoneinfo/Asia/Kolkata'))('reads a record\'s history in the machine\'s zone without any Intl date formatting', async () => {
    const forbidIntl = path.join(__dirname, 'fixtures', 'forbid-intl.cjs');
    const run = (args: string[]) => runCli(home, ['history', 'Note', '1', '--db', db, ...args], { TZ: 'Asia/Kolkata', NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require="${forbidIntl}"`.trim() });
    const plain = await run([]);
    expect(plain).toMatchObject({ code: 0, stderr: '' });
    expect(plain.stdout).toContain('1943-06-01 18:30:00');
    // Not vacuous: a call that needs Intl (another zone named, which Intl checks) fails under it.
    const named = await run(['--tz', 'America/New_York']);
    expect(named.code).not.toBe(0);
    expect(named.stderr).toContain('America/New_York is not a time zone');
  }, 120_000);

  it('names the zone from TZ or /etc/localtime, and leaves what it cannot be sure of to Intl', () => {
    const exists = (name: string) => ['America/New_York', 'UTC', 'Etc/GMT+5', 'Europe/London'].includes(name);
    const noLink = () => {
      throw new Error('ENOENT');
    };
    expect(machineZoneName({ TZ: 'America/New_York' }, noLink, exists)).toBe('America/New_York');
    expect(machineZoneName({ TZ: ':America/New_York' }, noLink, exists)).toBe('America/New_York');
    expect(machineZoneName({ TZ: '' }, noLink, exists)).toBe('UTC');
    expect(machineZoneName({ TZ: 'Etc/GMT+5' }, noLink, exists)).toBe('Etc/GMT+5');
    // A POSIX rule, a path, a name the zone files lack: the C library and ICU may differ.
    expect(machineZoneName({ TZ: 'EST5EDT,M3.2.0,M11.1.0' }, noLink, exists)).toBeNull();
    expect(machineZoneName({ TZ: '/etc/localtime' }, noLink, exists)).toBeNull();
    expect(machineZoneName({ TZ: 'Mars/Olympus' }, noLink, exists)).toBeNull();
    expect(machineZoneName({}, () => '/usr/share/zoneinfo/Europe/London', exists)).toBe('Europe/London');
    expect(machineZoneName({}, () => '../usr/share/zoneinfo/posix/Europe/London', exists)).toBe('Europe/London');
    expect(machineZoneName({}, () => '/opt/zones/London', exists)).toBeNull();
    expect(machineZoneName({}, noLink, exists)).toBeNull();
  });
});
