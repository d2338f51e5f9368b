/**
 * The browser profile the app window runs in: a folder of its own in the user-data folder, so the
 * window is a browser instance of its own (its own cookies, no tabs or extensions of the user's),
 * and it ends when its window closes.
 *
 * A browser started on a profile that a running browser already has hands its address over to
 * that one and exits at once; the app would take that for its window closing. So a profile in use
 * is noticed first, the way Chromium itself notices it: on Linux and macOS, `SingletonLock` is a
 * link to "host-pid" of the browser holding it; on Windows, `lockfile` exists while it runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const PROFILE_FOLDER = 'browser-profile';

/** Said when another app window already holds the profile. */
export const PROFILE_IN_USE_REASON = `an Audit Trail Browser window is already open (its browser profile, ${PROFILE_FOLDER}, is in use)`;

export function browserProfileDir(dataDir: string): string {
  return path.join(dataDir, PROFILE_FOLDER);
}

/** What the check may look at; the real machine's by default. */
export interface ProfileLockProbe {
  platform: NodeJS.Platform;
  hostname: string;
  /** The target of the link at `file`, or undefined where there is no link. */
  readLink(file: string): string | undefined;
  exists(file: string): boolean;
  /** Whether a process with this id runs on this machine. */
  isRunning(pid: number): boolean;
}

export function systemLockProbe(platform: NodeJS.Platform = process.platform): ProfileLockProbe {
  return {
    platform,
    hostname: os.hostname(),
    readLink: (file) => {
      try {
        return fs.readlinkSync(file);
      } catch {
        return undefined;
      }
    },
    exists: (file) => fs.existsSync(file),
    isRunning: (pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch (error) {
        // EPERM: it runs, as another user.
        return (error as NodeJS.ErrnoException).code === 'EPERM';
      }
    },
  };
}

/** Whether a browser holds the profile now. A lock left by a browser that has gone does not count. */
export function profileInUse(profileDir: string, probe: ProfileLockProbe = systemLockProbe()): boolean {
  if (probe.platform === 'win32') return probe.exists(path.win32.join(profileDir, 'lockfile'));
  const target = probe.readLink(path.posix.join(profileDir, 'SingletonLock'));
  if (target === undefined) return false;
  const dash = target.lastIndexOf('-');
  const host = target.slice(0, dash);
  const pid = Number(target.slice(dash + 1));
  if (dash < 0 || !Number.isInteger(pid) || pid <= 0) return false;
  // Held from another machine (a shared home folder): that browser cannot be asked, so it counts.
  if (host !== probe.hostname) return true;
  return probe.isRunning(pid);
}
