// A throwaway PostgreSQL cluster for tests: initdb in a temporary folder, a server on a free port
// listening on 127.0.0.1 only, one fresh database per caller, and everything removed at the end.
// When no PostgreSQL binaries are installed, `startTestPostgres` says why instead of failing, so
// the PostgreSQL tests are skipped with a visible reason (CI installs Debian's postgresql).

import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface TestPostgres {
  /** `postgres://postgres@127.0.0.1:PORT/` + a database name gives a URL. */
  host: string;
  port: number;
  /** Creates an empty database and returns its URL. */
  createDatabase(prefix: string): Promise<string>;
  stop(): Promise<void>;
}

export type StartResult = { ok: true; server: TestPostgres } | { ok: false; reason: string };

/** The bin folder of the newest installed PostgreSQL (Debian layout), or undefined. */
export function findPostgresBin(): string | undefined {
  const fromEnv = process.env.FLYWHEEL_PG_BIN;
  if (fromEnv !== undefined && fromEnv !== '') return existsSync(path.join(fromEnv, 'initdb')) ? fromEnv : undefined;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length === 0 ? undefined : path.join(root, versions[0]!, 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Runs a PostgreSQL tool as the `postgres` user when this process is root (initdb refuses root). */
function runTool(bin: string, tool: string, args: string[], asPostgres: boolean): void {
  const file = path.join(bin, tool);
  const [command, commandArgs] = asPostgres ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  const result = spawnSync(command, commandArgs, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) {
    throw new Error(`${tool} failed (exit ${String(result.status)}): ${result.stderr || result.stdout || String(result.error)}`);
  }
}

function postgresUid(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/** Starts a cluster, or says why it cannot. */
export async function startTestPostgres(): Promise<StartResult> {
  const bin = findPostgresBin();
  if (bin === undefined) {
    const where = process.env.FLYWHEEL_PG_BIN ? `in FLYWHEEL_PG_BIN=${process.env.FLYWHEEL_PG_BIN}` : 'under /usr/lib/postgresql/*/bin';
    return { ok: false, reason: `no PostgreSQL binaries (initdb) found ${where}; install Debian's postgresql, or set FLYWHEEL_PG_BIN to their folder` };
  }
  const isRoot = process.getuid?.() === 0;
  const owner = isRoot ? postgresUid() : undefined;
  if (isRoot && owner === undefined) return { ok: false, reason: 'running as root and there is no postgres user to run initdb as' };

  const dir = mkdtempSync(path.join(os.tmpdir(), 'flywheel-pg-'));
  const dataDir = path.join(dir, 'data');
  const port = await freePort();
  let started = false;
  try {
    if (owner !== undefined) {
      chownSync(dir, owner.uid, owner.gid);
      chmodSync(dir, 0o700);
    }
    runTool(bin, 'initdb', ['-D', dataDir, '--auth=trust', '--username=postgres', '--encoding=UTF8', '--no-sync'], isRoot);
    // fsync off: a throwaway cluster for tests only (synchronous_commit stays at its default, on,
    // so tests see what the store itself sets).
    const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200`;
    runTool(bin, 'pg_ctl', ['-D', dataDir, '-l', path.join(dir, 'server.log'), '-o', serverOptions, '-w', 'start'], isRoot);
    started = true;
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return { ok: false, reason: `could not start a throwaway PostgreSQL: ${(error as Error).message.trim()}` };
  }

  // Should the test process die before `stop`, do not leave a server running behind it.
  const stopNow = () => {
    try {
      runTool(bin, 'pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], isRoot);
    } catch {
      // Already stopped.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopNow);

  const host = '127.0.0.1';
  const admin = new pg.Client({ host, port, user: 'postgres', database: 'postgres' });
  await admin.connect();
  let counter = 0;
  return {
    ok: true,
    server: {
      host,
      port,
      async createDatabase(prefix) {
        const name = `${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${process.pid}_${++counter}`;
        await admin.query(`CREATE DATABASE ${name}`);
        return `postgres://postgres@${host}:${port}/${name}`;
      },
      async stop() {
        await admin.end().catch(() => undefined);
        process.removeListener('exit', stopNow);
        if (started) stopNow();
      },
    },
  };
}
