import type { EventStore, StoredEvent } from '@app/event-store';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { DataSource, EntityManager, QueryRunner, TableIndex } from 'typeorm';
import { ProjectionContext, ProjectionLogger, silentLogger } from '../projectors/projection-context';
import type { Projector } from '../projectors/projector';
import { clearFailures, ensureCheckpoints, lockCheckpoint, takeWriteLock, writeCheckpoint } from '../runner/checkpoints';
import type { ProjectorLease, ProjectorLocks } from '../runner/projector-locks';
import { assertReadStoreNotNewer, knownMigrations } from '../runner/read-store-release';
import { refreshPlannerStatistics } from '../runner/planner-statistics';
import { dialectOf, isLockTimeout, quote, Sql, toNumber } from '../sql/sql';
import { postgresIndexes } from '../sql/postgres-indexes';
import { applyConcurrently, logBatches } from './log-batches';
import { readStoreFile, rebuildLockName, releaseRebuildLock, scratchFileName, sweepStaleRebuilds } from './rebuild-leftovers';
import { RunningWorker, startRebuildWorker } from './rebuild-worker';

export interface RebuildProgress {
  /** Position applied so far. */
  position: number;
  /** The log's head when last looked at. */
  head: number;
  /** Events applied so far. */
  events: number;
}

export interface RebuildOptions {
  store: EventStore;
  dataSource: DataSource;
  projectors: Projector[];
  upcast?: (event: StoredEvent) => StoredEvent;
  /** Events per read and per transaction into the fresh tables. */
  batchSize?: number;
  onProgress?: (progress: RebuildProgress) => void;
  logger?: ProjectionLogger;
  /**
   * Projectors to rebuild on worker threads (SQLite read store and embedded log only; ignored
   * otherwise): each group on a thread of its own, into a scratch read store file, copied into
   * the fresh tables before the swap. The rest run on this thread.
   */
  workers?: RebuildWorkers;
  /**
   * The deployment's projector locks (the service's: a file lock beside the SQLite read store, an
   * advisory lock on PostgreSQL). The rebuild holds a lock of its own under them for its whole
   * life and, before it starts, removes what rebuilds that died left (fresh tables, scratch
   * files): those whose lock is free. Without locks (tests, tools alone on a store) nothing is swept.
   */
  locks?: ProjectorLocks;
  /** Stops the rebuild between batches (Ctrl-C, SIGTERM): it fails and removes its fresh tables. */
  signal?: AbortSignal;
  /** PostgreSQL: how long the swap waits for the live tables' readers before it catches up and tries again (default 5 s, 5 tries). */
  swapLockTimeoutMs?: number;
  /** With locks: the tables whose leftover fresh copies are swept (default: the rebuilt projectors'); the CLI names every projector's. */
  sweepTables?: readonly string[];
}

/**
 * The projectors `ledger rebuild` moves to a second thread when the machine has two cores or more:
 * about half of a full rebuild's work on the 2-core machine (1M events: public disclosure 11 s,
 * grey list 11 s, subject streams 7 s, against archive 18 s and the rest 13 s on the main thread).
 */
export const REBUILD_WORKER_GROUPS: readonly (readonly string[])[] = [['public-disclosure', 'grey-list', 'subject-streams', 'red-list']];

/** The groups for this machine: none on one core. */
export function rebuildWorkerGroups(cores = availableParallelism()): string[][] {
  return cores >= 2 ? REBUILD_WORKER_GROUPS.map((group) => [...group]) : [];
}

export interface RebuildWorkers {
  /** A script that calls runRebuildWorker (the CLI's `rebuild.worker`). */
  script: string;
  /** The embedded log's file, the one `store` reads (the caller vouches): each worker reads it itself and fails if it ends early. */
  logFile: string;
  /** Projector names, one group per worker thread. */
  groups: string[][];
  /**
   * Handed to the script's projector factory, for projectors made from the deployment's settings
   * (the CLI's: the working-day calendar file), so the threads' projectors are this thread's.
   */
  settings?: Readonly<Record<string, string>>;
}

export interface RebuildResult {
  projectors: string[];
  /** The position the swapped-in tables have applied. */
  position: number;
  events: number;
  tables: string[];
}

/**
 * V8 flags a process that rebuilds runs with (`ledger rebuild` relaunches itself with them; the
 * benchmark's rebuild child is forked with them). A rebuild allocates short-lived objects at a
 * high rate (parsed events, folded states, rows): a 64 MiB young generation instead of the default
 * 16 MiB took a 1M-event rebuild from 61 s to 50 s (CPU 70 s to 58 s) on the 2-core machine.
 * With a worker thread (RebuildWorkers) both threads keep both cores busy, and their collectors'
 * helper threads only contend with them: single-threaded GC took the 1M rebuild with a worker
 * from 75 s to 57-60 s (without a worker it costs some 5%, and `ledger rebuild` uses one).
 */
export const REBUILD_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64', '--single-threaded-gc'];

/** Index names are global in both stores: the fresh tables' indexes get a suffix of their own. */
const baseIndexName = (name: string): string => name.replace(/__r[0-9a-f]{6}$/, '');
const indexName = (name: string, token: string): string => `${baseIndexName(name)}__r${token}`;

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
}

/**
 * `ledger rebuild`: fills fresh copies of the projectors' tables from position 0, catches up with
 * the log, and swaps them in, while the API keeps answering from the old tables.
 *
 * The swap is one transaction that works alike on SQLite and PostgreSQL: it takes the projectors'
 * checkpoint rows first (the order a live projector takes its locks in, so the two cannot
 * deadlock) and the old tables, applies whatever was appended meanwhile, drops the old tables,
 * renames the fresh ones into their place and sets the checkpoints. A live projector waits for
 * the swap, then re-reads its checkpoint and carries on from there on the new tables.
 */
export async function rebuildProjections(options: RebuildOptions): Promise<RebuildResult> {
  const { store, dataSource, projectors } = options;
  const upcast = options.upcast ?? ((event: StoredEvent) => event);
  const batchSize = options.batchSize ?? 50_000;
  const logger = options.logger ?? silentLogger;
  const swapLockTimeoutMs = options.swapLockTimeoutMs ?? 5_000;
  for (const projector of projectors) {
    if (!projector.tables?.length) throw new Error(`projector ${projector.name} does not name its tables, so it cannot be rebuilt aside`);
  }
  const { token, lease } = await takeToken(options.locks);
  const live = projectors.flatMap((p) => [...p.tables!]);
  const shadowOf = new Map(live.map((table) => [table, `${table}__r${token}`]));
  const physical = (table: string) => shadowOf.get(table) ?? table;
  const running: RunningWorker[] = [];
  try {
    // Fresh tables are copies of the live ones: a store of a newer release would get rows of the old shape.
    await assertReadStoreNotNewer(Sql.of(dataSource), knownMigrations(dataSource));
    if (options.locks) await sweepStaleRebuilds(dataSource, options.locks, allTablesOf(projectors, options.sweepTables), logger, token);
    return await rebuildWithToken();
  } catch (error) {
    await Promise.all(running.map((worker) => worker.stop().catch(() => undefined)));
    await dropShadowTables(dataSource, [...shadowOf.values()]).catch(() => undefined);
    throw error;
  } finally {
    if (lease) await releaseRebuildLock(options.locks!, token, lease).catch(() => undefined);
  }

  async function rebuildWithToken(): Promise<RebuildResult> {
    await ensureCheckpoints(
      dataSource,
      projectors.map((p) => p.name),
    );
    const migrated = await migrationCount(dataSource);

    const runner = dataSource.createQueryRunner();
    const indices = new Map<string, TableIndex[]>();
    try {
      const lookups = new Set(projectors.flatMap((p) => [...(p.lookupIndexes ?? [])]));
      for (const table of live) {
        const tableIndices = await createShadowTable(runner, table, shadowOf.get(table)!, token);
        // What the projectors look rows up by is there from the start; the rest is built once, after loading.
        const [now, later] = partition(tableIndices, (index) => lookups.has(baseIndexName(index.name!)));
        for (const index of now) await runner.createIndex(shadowOf.get(table)!, index);
        indices.set(table, later);
      }
    } finally {
      await runner.release();
    }

    const progress: RebuildProgress = { position: 0, head: await store.headPosition(), events: 0 };
    const applyBatch = async (group: Projector[], events: StoredEvent[], context: ProjectionContext) => {
      const upcasted = events.map(upcast);
      await applyConcurrently(group, upcasted, context);
      progress.position = events[events.length - 1].position;
      progress.events += events.length;
    };
    let workerFailure: { error: unknown } | undefined;
    /** Applies the log after the progress so far, up to `until`, to `group`. */
    const catchUp = async (group: Projector[], until = Infinity) => {
      for await (const events of logBatches(store, progress.position, until, batchSize)) {
        // A worker that failed fails the rebuild now, not once this thread has caught up.
        if (workerFailure) throw workerFailure.error;
        options.signal?.throwIfAborted();
        await dataSource.transaction(async (manager) => {
          const context = new ProjectionContext(manager, physical, logger);
          await takeWriteLock(context.sql);
          await applyBatch(group, events, context);
        });
        if (progress.position >= progress.head) progress.head = await store.headPosition();
        options.onProgress?.({ ...progress });
      }
    };

    const database = readStoreFile(dataSource);
    const groups = options.workers && database ? workerGroups(options.workers.groups, projectors) : [];
    const offloaded = new Set(groups.flat());
    {
      // Catch up outside the swap, so the swap itself has little left to do.
      if (groups.length > 0) {
        // Up to the head as it is now, the groups on worker threads and the rest here.
        const until = progress.head;
        for (const [i, group] of groups.entries()) {
          const job = { logFile: options.workers!.logFile, readFile: scratchFileName(database!, token, i), projectors: group, until, batchSize, settings: options.workers!.settings ?? {} };
          const worker = startRebuildWorker(options.workers!.script, job, logger);
          worker.done.catch((error: unknown) => {
            workerFailure ??= { error };
          });
          running.push(worker);
        }
        const here = projectors.filter((p) => !offloaded.has(p.name));
        if (here.length > 0) await catchUp(here, until);
        // Stopping (a signal) does not wait for the workers to finish: the catch stops them.
        const applied = await Promise.race([Promise.all(running.map((worker) => worker.done)), rejectOnAbort(options.signal)]);
        for (const worker of running) {
          await copyWorkerTables(
            dataSource,
            worker.job.readFile,
            projectors.filter((p) => worker.job.projectors.includes(p.name)),
            physical,
          );
          worker.discard();
        }
        progress.position = until;
        progress.events = Math.max(progress.events, ...applied);
      }
      await catchUp(projectors);
      const indexRunner = dataSource.createQueryRunner();
      try {
        for (const [table, tableIndices] of indices) {
          for (const index of tableIndices) await indexRunner.createIndex(shadowOf.get(table)!, index);
        }
      } finally {
        await indexRunner.release();
      }

      // Again after building the indexes, so the swap (which holds the write lock) has little left.
      await catchUp(projectors);
      const swap = () =>
        dataSource.transaction(async (manager) => {
          const context = new ProjectionContext(manager, physical, logger);
          const sql = context.sql;
          await takeWriteLock(sql);
          const applied = new Map<string, number>();
          // Not under the timeout: a migration under way holds the checkpoints table, and once it is
          // done the swap refuses (the migration count below), rather than failing as if readers held it.
          for (const projector of projectors) applied.set(projector.name, await lockCheckpoint(sql, projector.name));
          // PostgreSQL: a long reader of the live tables (an export) must not make the swap wait
          // without end while every new reader queues behind its lock request.
          if (sql.dialect === 'postgres') await sql.run(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(swapLockTimeoutMs))}`);
          if (dialectOf(manager) === 'postgres') await sql.run(`LOCK TABLE ${live.map(quote).join(', ')} IN ACCESS EXCLUSIVE MODE`);
          // A migration since the start may have changed these tables (or reset a projection for a
          // new rule): the fresh ones have the old shape, and swapping them in would undo it.
          if ((await migrationCount(manager)) !== migrated) {
            throw new Error('the read store was migrated while the rebuild ran, so its fresh tables have the old shape: run the rebuild again');
          }
          for await (const events of logBatches(store, progress.position, Infinity, batchSize)) await applyBatch(projectors, events, context);
          // The live projectors never get ahead of the log this rebuild read: if one has, the log
          // read here is not the one they follow, and swapping in would set their checkpoints back.
          const ahead = [...applied].filter(([, position]) => position > progress.position);
          if (ahead.length > 0) {
            throw new Error(
              `the live ${ahead.map(([name, position]) => `${name} has applied position ${position}`).join(', ')}, beyond the log this rebuild read (${progress.position}): is it the same log?`,
            );
          }
          // Whoever may read or write the live tables (a read-only role of the API's, say) may do so on the fresh ones.
          if (sql.dialect === 'postgres') for (const table of live) await copyGrants(sql, table, shadowOf.get(table)!);
          for (const table of live) {
            await sql.run(`DROP TABLE ${quote(table)}`);
            await sql.run(`ALTER TABLE ${quote(shadowOf.get(table)!)} RENAME TO ${quote(table)}`);
          }
          for (const projector of projectors) await writeCheckpoint(sql, projector.name, progress.position);
          // A failure the live projectors stored is behind the tables swapped in: cleared, or a
          // later reset of the checkpoint (a migration) would bring it back as current.
          await clearFailures(sql, projectors.map((p) => p.name), { passedBy: progress.position });
        });
      for (let attempt = 1; ; attempt += 1) {
        const before = { ...progress };
        try {
          await swap();
          break;
        } catch (error) {
          if (!isLockTimeout(error) || attempt >= SWAP_ATTEMPTS) throw error;
          Object.assign(progress, before);
          logger.warn(`the swap waited ${swapLockTimeoutMs} ms for readers of the live tables; catching up and trying again (${attempt}/${SWAP_ATTEMPTS})`);
          await catchUp(projectors);
        }
      }
    }
    // The tables are swapped in: nothing after this fails the rebuild.
    shadowOf.clear();
    await refreshPlannerStatistics(dataSource).catch((error: unknown) => logger.warn(`planner statistics not refreshed after the rebuild: ${String(error)}`));
    progress.head = Math.max(progress.head, progress.position);
    options.onProgress?.({ ...progress });
    logger.log(`rebuilt ${projectors.map((p) => p.name).join(', ')} up to position ${progress.position} (${progress.events} events)`);
    return { projectors: projectors.map((p) => p.name), position: progress.position, events: progress.events, tables: live };
  }
}

const SWAP_ATTEMPTS = 5;

/** Never resolves; rejects with the signal's reason once it is aborted. */
function rejectOnAbort(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    if (!signal) return;
    if (signal.aborted) return reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** A token no other rebuild uses: with locks, one whose lock this rebuild holds. */
async function takeToken(locks: ProjectorLocks | undefined): Promise<{ token: string; lease?: ProjectorLease }> {
  if (!locks) return { token: randomBytes(3).toString('hex') };
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const token = randomBytes(3).toString('hex');
    const lease = await locks.tryAcquire(rebuildLockName(token));
    if (lease) return { token, lease };
  }
  throw new Error('could not take a rebuild lock');
}

/** Every table of the known projectors (the sweep looks for fresh copies of these only). */
function allTablesOf(projectors: Projector[], more: readonly string[] = []): string[] {
  return [...new Set([...projectors.flatMap((p) => [...(p.tables ?? [])]), ...more])];
}

/** How many migrations the read store has applied (TypeORM's `migrations` table). */
async function migrationCount(source: DataSource | EntityManager): Promise<number> {
  const [row] = await Sql.of(source).rows<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${quote('migrations')}`);
  return toNumber(row?.n);
}

/** An empty copy of a live table (columns and primary key); its indexes are made after the load. */
async function createShadowTable(runner: QueryRunner, live: string, shadow: string, token: string): Promise<TableIndex[]> {
  const table = await runner.getTable(live);
  if (!table) throw new Error(`read-store table ${live} does not exist; are the migrations applied?`);
  const copy = table.clone();
  copy.name = table.name.includes('.') ? `${table.name.slice(0, table.name.lastIndexOf('.') + 1)}${shadow}` : shadow;
  for (const column of copy.columns) column.primaryKeyConstraintName = undefined;
  const order = dialectOf(runner.manager) === 'postgres' ? await postgresIndexes(Sql.of(runner.manager), live) : undefined;
  const indices = copy.indices.map((index) => {
    const renamed = index.clone();
    renamed.name = indexName(index.name ?? `${live}__index`, token);
    // TypeORM reads a PostgreSQL index's columns in the table's column order, not the index's:
    // (status, deadline) would come back as (deadline, status). The catalogue's order is the index.
    const columns = index.name ? order?.get(index.name)?.columns : undefined;
    if (columns) renamed.columnNames = columns;
    return renamed;
  });
  copy.indices = [];
  copy.uniques = copy.uniques.map((unique) => {
    const renamed = unique.clone();
    renamed.name = indexName(unique.name ?? `${live}__unique`, token);
    return renamed;
  });
  await runner.dropTable(copy.name, true);
  await runner.createTable(copy, false, false);
  return indices;
}

/**
 * PostgreSQL: a live table's owner and the privileges granted on it to other roles (PUBLIC too),
 * given alike to its fresh copy, which is created by the rebuild's role without any.
 */
async function copyGrants(sql: Sql, live: string, shadow: string): Promise<void> {
  // The live table's owner (the service's role, when an administrator runs the rebuild) owns the
  // fresh one too; a role that may not give it away fails the swap, which leaves the live tables.
  const [{ owner, me }] = await sql.rows<{ owner: string; me: string }>(
    `SELECT quote_ident(pg_get_userbyid(c.relowner)) AS owner, quote_ident(current_user) AS me FROM pg_class c WHERE c.oid = to_regclass(quote_ident(current_schema()) || '.' || quote_ident(?))`,
    [live],
  );
  if (owner !== me) await sql.run(`ALTER TABLE ${quote(shadow)} OWNER TO ${owner}`);
  const grants = await sql.rows<{ grantee: string; privilege: string; grantable: boolean }>(
    `SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END AS grantee, a.privilege_type AS privilege, a.is_grantable AS grantable
       FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a
      WHERE c.oid = to_regclass(quote_ident(current_schema()) || '.' || quote_ident(?)) AND a.grantee <> c.relowner`,
    [live],
  );
  for (const { grantee, privilege, grantable } of grants) {
    await sql.run(`GRANT ${privilege} ON ${quote(shadow)} TO ${grantee}${grantable ? ' WITH GRANT OPTION' : ''}`);
  }
}

async function dropShadowTables(dataSource: DataSource, tables: string[]): Promise<void> {
  const sql = Sql.of(dataSource);
  for (const table of tables) await sql.run(`DROP TABLE IF EXISTS ${quote(table)}`);
}

/** The requested groups, narrowed to the projectors being rebuilt, each projector in one group at most. */
function workerGroups(requested: string[][], projectors: Projector[]): string[][] {
  const names = new Set(projectors.map((p) => p.name));
  const taken = new Set<string>();
  const groups: string[][] = [];
  for (const group of requested) {
    const kept = group.filter((name) => names.has(name) && !taken.has(name));
    for (const name of kept) taken.add(name);
    if (kept.length > 0) groups.push(kept);
  }
  return groups;
}

/** A worker's tables, from its scratch file into the fresh tables (SQLite copies them itself). */
async function copyWorkerTables(dataSource: DataSource, file: string, projectors: Projector[], physical: (table: string) => string): Promise<void> {
  const sql = Sql.of(dataSource);
  await sql.run(`ATTACH DATABASE ? AS rebuild_worker`, [file]);
  let copied = false;
  try {
    for (const table of projectors.flatMap((p) => [...p.tables!])) {
      const columns = (await sql.rows<{ name: string }>(`SELECT name FROM pragma_table_info(?, 'rebuild_worker')`, [table]))
        .map((c) => quote(c.name))
        .join(', ');
      await sql.run(`INSERT INTO main.${quote(physical(table))} (${columns}) SELECT ${columns} FROM rebuild_worker.${quote(table)}`);
    }
    copied = true;
  } finally {
    // A failed copy's own error is the one to report, not a DETACH after it.
    const detached = sql.run('DETACH DATABASE rebuild_worker');
    if (copied) await detached;
    else await detached.catch(() => undefined);
  }
}
