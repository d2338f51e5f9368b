/**
 * Waiting for the browser to finish starting a new window before a measurement. Chromium's new
 * context opens a window whose own UI loads in a renderer of its own (the omnibox's popup, some
 * 20 scripts): on a 2-core machine it kept a core busy for a second and more after the page was
 * made, and a first paint measured from that moment paid for it. A person typing an address has
 * a browser whose window is already up, so the benchmark waits until the browser is quiet.
 */
import fs from 'node:fs';

/** Processes descending from `root` (the browser's, as Playwright launches it below this one). */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (!stat) continue;
    const list = children.get(stat.ppid) ?? [];
    list.push(Number(name));
    children.set(stat.ppid, list);
  }
  const found: number[] = [];
  const pending = [root];
  while (pending.length > 0) {
    for (const child of children.get(pending.pop()!) ?? []) {
      found.push(child);
      pending.push(child);
    }
  }
  return found;
}

/** A process's parent and CPU time so far (clock ticks), or null if it is gone. */
function readStat(pid: number): { ppid: number; cpu: number } | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), cpu: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

function cpuOf(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + (readStat(pid)?.cpu ?? 0), 0);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Resolves once the processes below this one (the browser) have used under `quietShare` of one
 * core over `windowMs`, twice in a row, or after `maxMs` whatever they do. Elsewhere than Linux
 * (no /proc), waits `windowMs` three times.
 */
export async function waitForBrowserQuiet({ windowMs = 150, quietShare = 0.1, maxMs = 10_000 } = {}): Promise<void> {
  if (!fs.existsSync('/proc/self/stat')) return sleep(3 * windowMs);
  const tickMs = 10; // USER_HZ is 100 on Linux
  const deadline = Date.now() + maxMs;
  let quiet = 0;
  while (quiet < 2 && Date.now() < deadline) {
    const pids = descendants(process.pid);
    const before = cpuOf(pids);
    await sleep(windowMs);
    const used = (cpuOf(pids) - before) * tickMs;
    quiet = used < quietShare * windowMs ? quiet + 1 : 0;
  }
}
