/**
 * A throwaway PostgreSQL cluster for tests and benchmarks: `initdb` into a temporary folder, started
 * with `pg_ctl` on a free loopback port, stopped and deleted afterwards. PostgreSQL refuses to run
 * as root, so under root the cluster belongs to the `postgres` user (which Debian's package makes).
 *
 * Host connections need a password (scram-sha-256), so wrong-password handling is tested for real.
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

export async function startPgCluster(options: { port?: number } = {}): Promise<PgCluster> {
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
    runAsOwner(bin, 'initdb', [
      '-D', dataDir, '-U', ADMIN_USER, `--pwfile=${pwFile}`,
      '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync',
    ]);
    fs.rmSync(pwFile, { force: true });
    // Speed over durability: the cluster is thrown away after the run.
    const settings = [
      `-p ${port}`, `-k ${socketDir}`, '-c listen_addresses=127.0.0.1', '-c fsync=off',
      '-c synchronous_commit=off', '-c full_page_writes=off', '-c shared_buffers=256MB', '-c max_connections=200',
    ].join(' ');
    runAsOwner(bin, 'pg_ctl', ['-D', dataDir, '-o', settings, '-l', path.join(root, 'server.log'), '-w', '-t', '60', 'start']);
  } catch (error) {
    const log = path.join(root, 'server.log');
    const detail = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').slice(-2000) : '';
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
