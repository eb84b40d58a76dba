import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { ProjectionLogger } from '../projectors/projection-context';
import type { ProjectorLease, ProjectorLocks } from '../runner/projector-locks';
import { dialectOf, quote, Sql } from '../sql/sql';

/** A rebuild's fresh tables are its live tables' names with `__r` and its token. */
const SHADOW_TABLE = /^(.+)__r([0-9a-f]{6})$/;

/** The lock a rebuild holds for its whole life, under the deployment's projector locks. */
export const rebuildLockName = (token: string): string => `rebuild-${token}`;

/** A worker thread's scratch read store file (and its journal files) beside the SQLite read store. */
export const scratchFileName = (database: string, token: string, worker: number): string => `${database}.rebuild-${token}-${worker}`;

export interface RebuildLeftovers {
  token: string;
  tables: string[];
  files: string[];
}

/** The SQLite read store's file, or undefined (PostgreSQL, or in memory). */
export function readStoreFile(dataSource: DataSource): string | undefined {
  const database = String(dataSource.options.database ?? '');
  return dialectOf(dataSource) === 'sqlite' && database !== '' && database !== ':memory:' ? database : undefined;
}

/**
 * What rebuilds left in the read store, by token: fresh tables of the given live tables (never
 * anything else), and on SQLite the worker threads' scratch files.
 */
export async function findRebuildLeftovers(dataSource: DataSource, liveTables: Iterable<string>): Promise<RebuildLeftovers[]> {
  const live = new Set(liveTables);
  const sql = Sql.of(dataSource);
  const names =
    sql.dialect === 'sqlite'
      ? await sql.rows<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`)
      : await sql.rows<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()`);
  const byToken = new Map<string, RebuildLeftovers>();
  const entry = (token: string) => {
    let found = byToken.get(token);
    if (!found) byToken.set(token, (found = { token, tables: [], files: [] }));
    return found;
  };
  for (const { name } of names) {
    const match = SHADOW_TABLE.exec(name);
    if (match && live.has(match[1])) entry(match[2]).tables.push(name);
  }
  const database = readStoreFile(dataSource);
  if (database) {
    const scratch = new RegExp(`^${basename(database).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.rebuild-([0-9a-f]{6})-\\d+(-wal|-shm|-journal)?$`);
    for (const file of readdirSync(dirname(database))) {
      const match = scratch.exec(file);
      if (match) entry(match[1]).files.push(join(dirname(database), file));
    }
  }
  return [...byToken.values()];
}

/**
 * Removes what rebuilds that died (killed, crashed, machine lost) left behind. A rebuild holds
 * its token's lock for its whole life; the operating system (SQLite file locks) or the database
 * (PostgreSQL advisory locks of a closed session) frees it when the process dies. So a token
 * whose lock can be taken is stale, and one whose lock is held belongs to a rebuild still running,
 * which is left alone. Returns the tokens swept.
 */
export async function sweepStaleRebuilds(
  dataSource: DataSource,
  locks: ProjectorLocks,
  liveTables: Iterable<string>,
  logger: ProjectionLogger,
  except?: string,
): Promise<string[]> {
  const swept: string[] = [];
  for (const leftovers of await findRebuildLeftovers(dataSource, liveTables)) {
    if (leftovers.token === except) continue;
    const lease = await locks.tryAcquire(rebuildLockName(leftovers.token));
    if (!lease) continue;
    try {
      const sql = Sql.of(dataSource);
      for (const table of leftovers.tables) await sql.run(`DROP TABLE IF EXISTS ${quote(table)}`);
      for (const file of leftovers.files) rmSync(file, { force: true });
      swept.push(leftovers.token);
      logger.warn(
        `removed what an interrupted rebuild (${leftovers.token}) left: ${[...leftovers.tables, ...leftovers.files.map((f) => basename(f))].join(', ')}`,
      );
    } finally {
      await releaseRebuildLock(locks, leftovers.token, lease);
    }
  }
  return swept;
}

/** Releases a rebuild's lock and forgets it (its lock file, on SQLite). */
export async function releaseRebuildLock(locks: ProjectorLocks, token: string, lease: ProjectorLease): Promise<void> {
  await lease.release();
  locks.forget?.(rebuildLockName(token));
}
