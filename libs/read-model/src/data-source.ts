import { dirname, join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import sqlite3 from 'sqlite3';
import { DataSource, DataSourceOptions, MigrationExecutor, QueryRunner } from 'typeorm';
import { READ_MODEL_ENTITIES } from './entities';
import { READ_MODEL_MIGRATIONS } from './migrations';
import { keepLockSessionAlive, LOCK_SESSION_KEEPALIVES, lockSessionClient, SqliteFileLocks } from './runner/projector-locks';
import { oneTransactionAtATime } from './sqlite-transactions';
import { isLockTimeout } from './sql/sql';

export type ReadStoreOptions =
  | { kind: 'sqlite'; filename: string }
  | { kind: 'postgres'; url: string; schema?: string };

export function readStoreOptionsFor(config: {
  readStore: 'sqlite' | 'postgres';
  dataDir: string;
  databaseUrl?: string;
  databaseSchema?: string;
}): ReadStoreOptions {
  return config.readStore === 'postgres'
    ? { kind: 'postgres', url: config.databaseUrl!, schema: config.databaseSchema }
    : { kind: 'sqlite', filename: join(config.dataDir, 'read-model.sqlite') };
}

/**
 * TypeORM calls `sqlite3.verbose()`, which patches every Database method of the module, for the
 * whole process, to capture a stack trace and `util.inspect` every argument of every call — a
 * bulk INSERT's thirty thousand parameters included. The driver handed over here is the same
 * module with a `verbose()` that changes nothing.
 */
const quietSqlite3 = Object.assign(Object.create(sqlite3) as typeof sqlite3, { verbose: () => quietSqlite3 });

/**
 * `migrationsRun` is off: `openReadStore` runs the migrations itself, under the migration lock
 * (`withMigrationLock`), so that two processes starting together do not both run them.
 */
export function dataSourceOptions(options: ReadStoreOptions): DataSourceOptions {
  const common = { entities: READ_MODEL_ENTITIES, migrations: READ_MODEL_MIGRATIONS, migrationsRun: false, synchronize: false, logging: false } as const;
  if (options.kind === 'postgres') {
    // Raw SQL (the projectors' bulk writes) names tables unqualified: search_path points it at the schema.
    // The pool's sessions get the lock sessions' keepalives: a batch holds its checkpoint's row lock
    // (and a migration its tables') on one of them, so a holder whose host died must not keep them
    // for the server's default two hours after a standby has taken its advisory lock over.
    const settings = [...(options.schema ? [`search_path=${options.schema}`] : []), ...Object.entries(LOCK_SESSION_KEEPALIVES).map(([name, value]) => `${name}=${value}`)];
    const extra = { options: settings.map((setting) => `-c ${setting}`).join(' '), keepAlive: true, keepAliveInitialDelayMillis: 30_000 };
    return { ...common, type: 'postgres', url: options.url, schema: options.schema, extra };
  }
  return { ...common, type: 'sqlite', database: options.filename, enableWAL: true, busyErrorRetry: 50, driver: quietSqlite3 };
}

/**
 * The migration lock: the advisory-lock class (first key) on PostgreSQL, the lock file's name on
 * SQLite. See `withMigrationLock`.
 */
const MIGRATION_LOCK = 'read-store-migrations';
const MIGRATION_LOCK_CLASS = 'ledger-read-store-migrations';
/** How often a start waiting for another's SQLite migration lock tries again. */
const SQLITE_MIGRATION_LOCK_RETRY_MS = 25;

/**
 * Runs `body` while this process alone may migrate the store, waiting (without end) for any other
 * process doing so. docker compose starts the service and the projector together, and
 * `ledger rebuild` may start while they do: without the lock both run the pending migrations
 * against a fresh store and one fails ("duplicate key value violates unique constraint
 * pg_type_typname_nsp_index", "table ... already exists"). The one that waited finds nothing left
 * to run. Whoever holds the lock and dies frees it (the database ends the session, the kernel the
 * file lock).
 *
 * - PostgreSQL: the session advisory lock `(hashtext('ledger-read-store-migrations'),
 *   hashtext(<schema, or 'public'>))` on a connection of its own, held until it is closed. The
 *   projector locks use the same two-key form with the class `hashtext('ledger-projector')`, so
 *   neither excludes the other; keyed by schema as they are, so stores in other schemas of the
 *   database (test schemas, other deployments) do not wait for each other. The schema is created
 *   under the lock too (two `CREATE SCHEMA IF NOT EXISTS` at once can also collide). The session
 *   has the lock sessions' keepalives (LOCK_SESSION_KEEPALIVES).
 * - SQLite: the exclusive lock of `<the store's directory>/locks/read-store-migrations.lock`, the
 *   `SqliteFileLocks` mechanism (the projectors' locks live in the same `locks` directory), tried
 *   again every few milliseconds while another holds it. One lock for every store of a directory:
 *   the file stays (deleting a lock file others may have open would let two hold "it").
 */
export async function withMigrationLock<T>(options: ReadStoreOptions, body: () => Promise<T>): Promise<T> {
  if (options.kind === 'postgres') {
    const client = lockSessionClient(options.url);
    // A lost lock session only frees the lock; the migrations' own connection reports any failure.
    client.on('error', () => undefined);
    await client.connect();
    try {
      // If this host dies while it migrates, the server frees the lock in about a minute, not two hours.
      await keepLockSessionAlive(client);
      await client.query('SELECT pg_advisory_lock(hashtext($1), hashtext($2))', [MIGRATION_LOCK_CLASS, options.schema ?? 'public']);
      if (options.schema) await client.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
      return await body();
    } finally {
      // Ending the session releases its advisory lock.
      await client.end().catch(() => undefined);
    }
  }
  const locks = new SqliteFileLocks(join(dirname(options.filename), 'locks'));
  try {
    let lease = await locks.tryAcquire(MIGRATION_LOCK);
    while (!lease) {
      await sleep(SQLITE_MIGRATION_LOCK_RETRY_MS);
      lease = await locks.tryAcquire(MIGRATION_LOCK);
    }
    try {
      return await body();
    } finally {
      await lease.release();
    }
  } finally {
    await locks.close();
  }
}

/**
 * How long a migration waits for the projector batches under way (PostgreSQL) before it gives up
 * and names what holds it: a batch takes well under a second, so a holder this long is stuck (a
 * frozen process idle in its transaction), and the start fails saying so instead of hanging.
 */
export const MIGRATION_WAIT_FOR_BATCHES_MS = 60_000;

/**
 * Every pending migration in one transaction, as `migrationsRun` did (call it under
 * withMigrationLock). Its first statement takes the projector batches' lock: on PostgreSQL
 * `projection_checkpoints` in EXCLUSIVE mode (plain reads go on), on SQLite the write lock. So it
 * waits for the batches under way, and those that start meanwhile wait for it: every batch takes
 * that table's row lock (or the write lock) with its first statement and reads the store's
 * migrations after it (commitBatch), so none checks the store's release and then commits rows of
 * the old shape after a migration. Only when there is something to run: a process that starts
 * does not hold the projectors up.
 */
export async function runPendingMigrations(dataSource: DataSource, options: { waitForBatchesMs?: number } = {}): Promise<void> {
  if (!(await dataSource.showMigrations())) return;
  const postgres = dataSource.options.type === 'postgres';
  const runner = dataSource.createQueryRunner();
  try {
    // Resolved as the unqualified name the statements below use (search_path on PostgreSQL). Asked
    // before the transaction: a SQLite transaction that reads before its first write could never
    // write once a batch has committed meanwhile (a stale snapshot). No other migration runs meanwhile.
    const [found] = (await runner.query(
      postgres
        ? `SELECT to_regclass('projection_checkpoints') IS NOT NULL AS present`
        : `SELECT COUNT(*) > 0 AS present FROM sqlite_master WHERE type = 'table' AND name = 'projection_checkpoints'`,
    )) as Array<{ present: unknown }>;
    // (SQLite: foreign keys off, which only takes effect outside a transaction; as runMigrations does.)
    await runner.beforeMigration();
    await runner.startTransaction();
    try {
      if (found?.present === true || found?.present === 1) {
        if (postgres) await lockOutBatches(runner, options.waitForBatchesMs ?? MIGRATION_WAIT_FOR_BATCHES_MS);
        else await runner.query(`UPDATE "projection_checkpoints" SET "position" = "position" WHERE "name" = ''`);
      }
      // Within this transaction (TypeORM neither starts nor commits one of its own when one is open).
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = 'all';
      await executor.executePendingMigrations();
      await runner.commitTransaction();
    } catch (error) {
      await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    }
    await runner.afterMigration();
  } finally {
    await runner.release();
  }
}

/** PostgreSQL: `projection_checkpoints` in EXCLUSIVE mode, or a failure naming the sessions that hold it too long. */
async function lockOutBatches(runner: QueryRunner, waitMs: number): Promise<void> {
  await runner.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(waitMs))}`);
  try {
    await runner.query('LOCK TABLE "projection_checkpoints" IN EXCLUSIVE MODE');
  } catch (error) {
    if (!isLockTimeout(error)) throw error;
    throw new Error(
      `the read store's migrations waited ${waitMs / 1000} s for projector batches holding projection_checkpoints and gave up: ` +
        `a process is stuck in its transaction (see pg_stat_activity for sessions "idle in transaction"); stop it and start again`,
    );
  }
  await runner.query('SET LOCAL lock_timeout = 0');
}

/** Opens the read store and brings its schema up to date with the migrations, under the migration lock. */
export async function openReadStore(options: ReadStoreOptions): Promise<DataSource> {
  if (options.kind === 'sqlite') mkdirSync(dirname(options.filename), { recursive: true });
  const dataSource = await withMigrationLock(options, async () => {
    const opened = await new DataSource(dataSourceOptions(options)).initialize();
    try {
      await runPendingMigrations(opened);
    } catch (error) {
      await opened.destroy().catch(() => undefined);
      throw error;
    }
    return opened;
  });
  oneTransactionAtATime(dataSource);
  if (options.kind === 'sqlite') {
    // The read store is a projection with its checkpoint in the same transaction: losing the last
    // commits to a power cut only replays them, so commits need not wait for fsync (NORMAL is
    // still corruption-safe in WAL mode). Lists scan index ranges and join institutions: a larger
    // page cache and memory-mapped reads keep that off the disk.
    await dataSource.query('PRAGMA synchronous = NORMAL');
    await dataSource.query('PRAGMA cache_size = -65536');
    await dataSource.query('PRAGMA mmap_size = 268435456');
  }
  return dataSource;
}
