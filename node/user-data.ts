/**
 * Where the app keeps its own files (the demo replica, later settings): the same folder the
 * desktop shell's `app.getPath('userData')` gives, so every shell finds the same replica.
 * AUDIT_TRAIL_HOME overrides it (tests, portable installs).
 */
import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Audit Trail Browser';

export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.AUDIT_TRAIL_HOME) return path.resolve(env.AUDIT_TRAIL_HOME);
  const home = os.homedir();
  switch (platform) {
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', APP_NAME);
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
  }
}

/** The demo replica generated on first start. */
export function demoReplicaPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(userDataDir(env), 'demo-replica.sqlite');
}
