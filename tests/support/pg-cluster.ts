/**
 * A throwaway PostgreSQL cluster for tests and benchmarks: `initdb` into a temporary folder, started
 * with `pg_ctl` on a free loopback port, stopped and deleted afterwards. PostgreSQL refuses to run
 * as root, so under root the cluster belongs to the `postgres` user (which Debian's package makes).
 *
 * Host connections need a password (scram-sha-256), so wrong-password handling is tested for real.
 *
 * With `dataDir` (the benchmark's), the cluster is kept instead: initdb runs only when the folder is
 * not a cluster yet, the admin password is kept beside the data, and `stop()` stops the server but
 * leaves the data for the next run.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface PgCluster {
  host: string;
  port: number;
  /** The superuser, for setting databases up (never used by the application under test). */
  adminUser: string;
  adminPassword: string;
  dataDir: string;
  stop(): void;
}

export const ADMIN_USER = 'audit_admin';

/**
 * The cluster's own zone: neither UTC nor the zones the tests run the process in (npm test runs
 * them east and west of UTC), with an offset of 45 minutes, so a time read or written in the
 * server's zone instead of UTC shows.
 */
export const CLUSTER_TIME_ZONE = 'Pacific/Chatham';

/** The newest installed PostgreSQL's bin folder (Debian keeps them under /usr/lib/postgresql). */
export function findPgBin(): string {
  const fromEnv = process.env.AUDIT_PG_BIN;
  if (fromEnv) return fromEnv;
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) {
    throw new Error('PostgreSQL server programs (initdb, pg_ctl) are not installed: apt-get install postgresql (or set AUDIT_PG_BIN).');
  }
  return path.join(root, versions[0], 'bin');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL program as the cluster's owner. */
function runAsOwner(bin: string, program: string, args: string[]): void {
  const file = path.join(bin, program);
  if (isRoot()) execFileSync('runuser', ['-u', 'postgres', '--', file, ...args], { stdio: 'pipe' });
  else execFileSync(file, args, { stdio: 'pipe' });
}

export interface PgClusterOptions {
  port?: number;
  /** Keep the cluster in this folder (made on first use, reused afterwards) rather than a temporary one. */
  dataDir?: string;
}

/** Server settings: speed over durability, for throwaway and benchmark clusters alike. */
function serverSettings(port: number, socketDir: string): string {
  return [
    `-p ${port}`, `-k ${socketDir}`, '-c listen_addresses=127.0.0.1', `-c timezone=${CLUSTER_TIME_ZONE}`, '-c fsync=off',
    '-c synchronous_commit=off', '-c full_page_writes=off', '-c shared_buffers=256MB', '-c max_connections=200',
  ].join(' ');
}

function initdbArgs(dataDir: string, pwFile: string): string[] {
  return [
    '-D', dataDir, '-U', ADMIN_USER, `--pwfile=${pwFile}`,
    '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync',
  ];
}

function serverLogTail(log: string): string {
  return fs.existsSync(log) ? fs.readFileSync(log, 'utf8').slice(-2000) : '';
}

export async function startPgCluster(options: PgClusterOptions = {}): Promise<PgCluster> {
  if (options.dataDir !== undefined) return startPersistentCluster(path.resolve(options.dataDir), options.port);
  const bin = findPgBin();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-trail-pg-'));
  const dataDir = path.join(root, 'data');
  const socketDir = path.join(root, 'socket');
  fs.mkdirSync(socketDir);
  const adminPassword = `admin-${Math.random().toString(36).slice(2)}`;
  const pwFile = path.join(root, 'pwfile');
  fs.writeFileSync(pwFile, adminPassword, { mode: 0o600 });
  if (isRoot()) {
    fs.chmodSync(root, 0o755);
    execFileSync('chown', ['-R', 'postgres:postgres', root]);
  }
  const port = options.port ?? (await freePort());
  try {
    runAsOwner(bin, 'initdb', initdbArgs(dataDir, pwFile));
    fs.rmSync(pwFile, { force: true });
    // Speed over durability: the cluster is thrown away after the run.
    runAsOwner(bin, 'pg_ctl', ['-D', dataDir, '-o', serverSettings(port, socketDir), '-l', path.join(root, 'server.log'), '-w', '-t', '60', 'start']);
  } catch (error) {
    const detail = serverLogTail(path.join(root, 'server.log'));
    fs.rmSync(root, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`Could not start a PostgreSQL test cluster: ${stderr || String(error)}\n${detail}`);
  }
  let stopped = false;
  return {
    host: '127.0.0.1',
    port,
    adminUser: ADMIN_USER,
    adminPassword,
    dataDir,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        runAsOwner(bin, 'pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

/** The port of a running cluster, from its `postmaster.pid` (null when it is not running). */
function runningPort(bin: string, dataDir: string): number | null {
  try {
    runAsOwner(bin, 'pg_ctl', ['-D', dataDir, 'status']);
  } catch {
    return null; // pg_ctl status exits 3 when no server runs there
  }
  const lines = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
  const port = Number(lines[3]);
  return Number.isInteger(port) && port > 0 ? port : null;
}

/**
 * A cluster kept in `dataDir` (the benchmark's, so a large demo is loaded once): initdb when the
 * folder is not a cluster yet, then start it (or join it, when an earlier run left it running).
 * The admin password lives in `<dataDir>.password`; the socket and server log beside the data too.
 */
async function startPersistentCluster(dataDir: string, requestedPort: number | undefined): Promise<PgCluster> {
  const bin = findPgBin();
  const parent = path.dirname(dataDir);
  const passwordFile = `${dataDir}.password`;
  const socketDir = `${dataDir}.socket`;
  const log = `${dataDir}.log`;
  fs.mkdirSync(parent, { recursive: true });
  if (isRoot()) {
    // The postgres user must reach the folder: every parent needs to be traversable by others.
    for (let dir = parent; ; dir = path.dirname(dir)) {
      const mode = fs.statSync(dir).mode;
      if ((mode & 0o001) === 0) fs.chmodSync(dir, mode | 0o001);
      if (path.dirname(dir) === dir) break;
    }
  }
  const isCluster = fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  if (!isCluster) {
    if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
      throw new Error(`${dataDir} exists but is not a PostgreSQL cluster; remove it or choose another folder.`);
    }
    const adminPassword = `admin-${Math.random().toString(36).slice(2)}`;
    const pwFile = path.join(parent, `${path.basename(dataDir)}.pwfile`);
    fs.writeFileSync(pwFile, adminPassword, { mode: 0o600 });
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (isRoot()) execFileSync('chown', ['postgres:postgres', dataDir, pwFile]);
    try {
      runAsOwner(bin, 'initdb', initdbArgs(dataDir, pwFile));
    } catch (error) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
      throw new Error(`Could not create a PostgreSQL cluster in ${dataDir}: ${stderr || String(error)}`);
    } finally {
      fs.rmSync(pwFile, { force: true });
    }
    fs.writeFileSync(passwordFile, adminPassword, { mode: 0o600 });
  }
  if (!fs.existsSync(passwordFile)) throw new Error(`The admin password of the cluster in ${dataDir} is missing (${passwordFile}).`);
  const adminPassword = fs.readFileSync(passwordFile, 'utf8').trim();

  let port = runningPort(bin, dataDir);
  let startedHere = false;
  if (port === null) {
    port = requestedPort ?? (await freePort());
    fs.mkdirSync(socketDir, { recursive: true });
    if (isRoot()) {
      if (!fs.existsSync(log)) fs.writeFileSync(log, '');
      execFileSync('chown', ['postgres:postgres', socketDir, log]);
    }
    try {
      runAsOwner(bin, 'pg_ctl', ['-D', dataDir, '-o', serverSettings(port, socketDir), '-l', log, '-w', '-t', '120', 'start']);
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
      throw new Error(`Could not start the PostgreSQL cluster in ${dataDir}: ${stderr || String(error)}\n${serverLogTail(log)}`);
    }
    startedHere = true;
  }
  let stopped = false;
  return {
    host: '127.0.0.1',
    port,
    adminUser: ADMIN_USER,
    adminPassword,
    dataDir,
    stop() {
      // A cluster this call joined (already running) is left running for whoever started it.
      if (stopped || !startedHere) return;
      stopped = true;
      runAsOwner(bin, 'pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
    },
  };
}
