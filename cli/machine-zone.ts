/**
 * The machine's time zone, found without `Intl`. A short CLI run spends most of its time on the
 * first `Intl.DateTimeFormat` (ICU loads its data: 60–300 ms, more than the query), so when the user
 * gives no `--tz` the CLI names the zone from what the operating system itself reads (`TZ`, then the
 * `/etc/localtime` link) and formats times with `Date`'s local fields, which V8 computes from that
 * same zone without loading ICU. `Intl` is used only where this cannot name the zone.
 */
import fs from 'node:fs';

/**
 * An IANA name as `TZ` or a zoneinfo path holds it (`Area/City`, `UTC`, `Etc/GMT+5`). Names with
 * other digits (`EST5EDT`) may be POSIX rules, which only `Intl` can name.
 */
const IANA_NAME = /^(?:[A-Za-z][A-Za-z_-]*(?:\/[A-Za-z][A-Za-z_+-]*)*|Etc\/GMT[+-]\d{1,2})$/;

const ZONEINFO = '/usr/share/zoneinfo/';

let known: string | null | undefined;

/**
 * The IANA name of the zone `Date`'s local fields are in, when it can be read without `Intl`
 * (null otherwise). `TZ` wins as it does for the runtime; `:Area/City` is the same name.
 */
export function machineZoneName(
  env: NodeJS.ProcessEnv = process.env,
  localtimeLink: () => string = () => fs.readlinkSync('/etc/localtime'),
  zoneExists: (name: string) => boolean = (name) => fs.existsSync(ZONEINFO + name),
): string | null {
  const tz = env.TZ;
  if (tz !== undefined) {
    const name = tz.startsWith(':') ? tz.slice(1) : tz;
    // An empty TZ is UTC to the C library; a name the zone files lack, a path or a POSIX rule is
    // read differently by the C library and ICU, so Intl names it.
    if (name === '') return 'UTC';
    return IANA_NAME.test(name) && zoneExists(name) ? name : null;
  }
  try {
    const target = localtimeLink();
    const at = target.indexOf('zoneinfo/');
    if (at < 0) return null;
    const name = target.slice(at + 'zoneinfo/'.length).replace(/^(posix|right)\//, '');
    return IANA_NAME.test(name) ? name : null;
  } catch {
    return null; // no link (a copied file, or not Linux): Intl will say
  }
}

/** The machine's zone: read as above once per process, else as `Intl` resolves it. */
export function machineZone(): string {
  if (known === undefined) known = machineZoneName();
  return known ?? (Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
}

/** Whether `Date`'s local fields are in `timeZone` (so times in it need no `Intl`). */
export function isMachineZone(timeZone: string): boolean {
  if (known === undefined) known = machineZoneName();
  return known !== null && known === timeZone;
}
