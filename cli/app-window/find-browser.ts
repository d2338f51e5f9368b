/**
 * Finding an installed Chromium-based browser (Chrome, Chromium, Edge, Brave) to open the app in,
 * where Electron's runtime is missing. Each of them opens an app window (`--app=URL`) with a profile
 * folder of its own, so any of them will do; they are looked for in this order, first on PATH
 * (where the user or the distribution put them), then where their installers put them.
 *
 * The file system and the environment are passed in, so the search for every platform can be
 * tested on any machine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AuditError } from '../../shared/errors';

/** What the search may look at. */
export interface BrowserSearch {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** The user's home folder (macOS keeps apps in ~/Applications too). */
  home: string;
  /** Whether `file` is a program that can be started (a file, executable where that exists). */
  isProgram(file: string): boolean;
}

/** An installed browser: its name (for the one sentence `npm start` says) and the program to run. */
export interface Browser {
  name: string;
  binary: string;
}

export type BrowserFound = ({ found: true } & Browser) | { found: false; reason: string };

/** Said when none is found; names what was looked for and how to choose one. */
export const NO_BROWSER_REASON =
  'no Chromium-based browser (Chrome, Chromium, Edge or Brave) is installed where they usually are (name one with --browser PATH)';

interface Candidate {
  name: string;
  /** Program names looked for on PATH (Linux and other Unix systems). */
  commands?: readonly string[];
  /** Where installers put it, by platform; Windows paths below %ProgramFiles% and %LocalAppData%. */
  linux?: readonly string[];
  mac?: string;
  windows?: string;
}

const CANDIDATES: readonly Candidate[] = [
  {
    name: 'Google Chrome',
    commands: ['google-chrome', 'google-chrome-stable'],
    linux: ['/opt/google/chrome/chrome'],
    mac: 'Google Chrome',
    windows: 'Google\\Chrome\\Application\\chrome.exe',
  },
  {
    name: 'Chromium',
    commands: ['chromium', 'chromium-browser'],
    linux: ['/usr/lib/chromium/chromium', '/snap/bin/chromium'],
    mac: 'Chromium',
    windows: 'Chromium\\Application\\chrome.exe',
  },
  {
    name: 'Microsoft Edge',
    commands: ['microsoft-edge', 'microsoft-edge-stable'],
    linux: ['/opt/microsoft/msedge/msedge'],
    mac: 'Microsoft Edge',
    windows: 'Microsoft\\Edge\\Application\\msedge.exe',
  },
  {
    name: 'Brave',
    commands: ['brave-browser', 'brave-browser-stable', 'brave'],
    linux: ['/opt/brave.com/brave/brave'],
    mac: 'Brave Browser',
    windows: 'BraveSoftware\\Brave-Browser\\Application\\brave.exe',
  },
];

/**
 * An environment variable by name. Windows treats their names without regard to case (and
 * process.env does too there); a plain object given in a test does not, so it is looked up here.
 */
function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  if (env[name] !== undefined) return env[name];
  const key = Object.keys(env).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : env[key];
}

function pathsFor(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** The first `command` found in the folders of PATH. */
function onPath(command: string, search: BrowserSearch): string | undefined {
  const paths = pathsFor(search.platform);
  const folders = (envValue(search.env, 'PATH') ?? '').split(paths.delimiter).filter((d) => paths.isAbsolute(d));
  for (const folder of folders) {
    const file = paths.join(folder, command);
    if (search.isProgram(file)) return file;
  }
  return undefined;
}

/** Every place a browser may be, in the order they are tried. */
function* places(search: BrowserSearch): Generator<Browser> {
  const paths = pathsFor(search.platform);
  if (search.platform === 'win32') {
    const roots = ['ProgramFiles', 'ProgramFiles(x86)', 'LOCALAPPDATA'].map((name) => envValue(search.env, name)).filter((r): r is string => Boolean(r));
    for (const candidate of CANDIDATES) {
      for (const root of roots) if (candidate.windows) yield { name: candidate.name, binary: paths.join(root, candidate.windows) };
    }
    return;
  }
  if (search.platform === 'darwin') {
    for (const candidate of CANDIDATES) {
      if (!candidate.mac) continue;
      const inside = paths.join(`${candidate.mac}.app`, 'Contents', 'MacOS', candidate.mac);
      yield { name: candidate.name, binary: paths.join('/Applications', inside) };
      yield { name: candidate.name, binary: paths.join(search.home, 'Applications', inside) };
    }
    return;
  }
  for (const candidate of CANDIDATES) {
    for (const command of candidate.commands ?? []) {
      const found = onPath(command, search);
      if (found) yield { name: candidate.name, binary: found };
    }
  }
  for (const candidate of CANDIDATES) {
    for (const binary of candidate.linux ?? []) yield { name: candidate.name, binary };
  }
}

/** The first installed browser, or why there is none. */
export function findBrowser(search: BrowserSearch): BrowserFound {
  for (const place of places(search)) {
    if (search.isProgram(place.binary)) return { found: true, ...place };
  }
  return { found: false, reason: NO_BROWSER_REASON };
}

/**
 * The browser named with `--browser`: a path (relative to the working folder) or a program name
 * on PATH. One that is not there, or cannot be run, stops `npm start` with one sentence.
 */
export function chosenBrowser(chosen: string, search: BrowserSearch, cwd: string = process.cwd()): Browser {
  const paths = pathsFor(search.platform);
  const looksLikePath = chosen.includes('/') || (search.platform === 'win32' && chosen.includes('\\'));
  const binary = looksLikePath ? paths.resolve(cwd, chosen) : onPath(chosen, search);
  if (binary === undefined || !search.isProgram(binary)) {
    throw new AuditError(
      'bad-request',
      looksLikePath
        ? `--browser ${chosen}: there is no program there to open the app with.`
        : `--browser ${chosen}: there is no program of that name on PATH; give the browser's full path.`,
    );
  }
  // Called by its file name: the same program file can be more than one browser (Chromium's is chrome.exe).
  return { name: paths.basename(binary).replace(/\.exe$/i, ''), binary };
}

/** Whether `file` can be run on this machine: a file, and executable where that is a permission. */
export function isProgram(file: string, platform: NodeJS.Platform = process.platform): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The search on this machine. */
export function systemBrowserSearch(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): BrowserSearch {
  return { platform, env, home: os.homedir(), isProgram: (file) => isProgram(file, platform) };
}
