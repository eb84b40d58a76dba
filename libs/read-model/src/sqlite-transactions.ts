import { AsyncLocalStorage } from 'node:async_hooks';
import sqlite3 from 'sqlite3';
import { DataSource, QueryFailedError, QueryResult, QueryRunner } from 'typeorm';

const DISCIPLINED = Symbol('sqlite transactions one at a time');

/**
 * TypeORM's SQLite driver has one connection and one QueryRunner for the whole DataSource: a
 * transaction is a BEGIN on that connection, and a second `transaction()` started meanwhile (the
 * saga runner, another projector, a rebuild in the same process) becomes a SAVEPOINT inside it.
 * Every statement issued meanwhile by anyone else (an HTTP read, the idempotency store's insert,
 * a saga's checkpoint) runs inside the open transaction too: a read sees rows that are not
 * committed yet and may be rolled back, and a write that reported success is rolled back with
 * someone else's failed batch.
 *
 * This gives the DataSource the discipline PostgreSQL's pool gives for free: one transaction at a
 * time, and statements from outside it wait until it has committed or rolled back. What runs
 * inside the transaction (its callback and everything it awaits, told apart by async context)
 * goes through as before. PostgreSQL DataSources are returned unchanged.
 *
 * Reads from outside a transaction (the API's queries, /health, `consistentWith` polls) do not
 * wait at all: they run on a second, read-only connection to the same file, where WAL gives each
 * statement the last committed state. So a projector batch, or one waiting for another process's
 * write lock (`ledger rebuild` holds it for seconds at a time), never holds the API's reads up.
 * While a database is ATTACHed to the writer (a rebuild copying its workers' tables) every
 * statement stays on the writer, which alone sees it.
 */
export function oneTransactionAtATime(dataSource: DataSource): DataSource {
  const marked = dataSource as DataSource & { [DISCIPLINED]?: true };
  if (dataSource.options.type !== 'sqlite' || marked[DISCIPLINED]) return dataSource;
  marked[DISCIPLINED] = true;

  const inside = new AsyncLocalStorage<symbol>();
  /** The holder's token while the connection is held, for the whole of a transaction or one statement. */
  let holder: symbol | undefined;
  let tail: Promise<void> = Promise.resolve();
  const holding = () => holder !== undefined && inside.getStore() === holder;
  const exclusively = async <T>(work: () => Promise<T>): Promise<T> => {
    const previous = tail;
    let release!: () => void;
    tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    const token = Symbol('holder');
    holder = token;
    try {
      return await inside.run(token, work);
    } finally {
      holder = undefined;
      release();
    }
  };

  // DataSource#transaction hands over to its manager's: every transaction passes here.
  const manager = dataSource.manager;
  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  (manager as { transaction: unknown }).transaction = (...args: unknown[]) => (holding() ? transaction(...args) : exclusively(() => transaction(...args)));

  const filename = String(dataSource.options.database ?? '');
  const reader = filename && filename !== ':memory:' && !filename.startsWith('file:') ? openReader(filename) : undefined;
  let attached = 0;

  // Every statement (queries, repositories, query builders, the transaction's own BEGIN) runs on
  // the driver's one QueryRunner.
  const runner = dataSource.driver.createQueryRunner('master') as QueryRunner;
  const query = runner.query.bind(runner) as (sql: string, parameters?: unknown[], structured?: boolean) => Promise<unknown>;
  (runner as { query: unknown }).query = async (sql: string, parameters?: unknown[], structured?: boolean) => {
    if (holding()) return query(sql, parameters, structured);
    if (reader && attached === 0 && READ_ONLY.test(sql)) return readOn(await reader, sql, parameters, structured);
    return exclusively(async () => {
      const result = await query(sql, parameters, structured);
      if (/^\s*ATTACH\b/i.test(sql)) attached += 1;
      else if (/^\s*DETACH\b/i.test(sql)) attached = Math.max(0, attached - 1);
      return result;
    });
  };

  if (reader) {
    const destroy = dataSource.destroy.bind(dataSource);
    dataSource.destroy = async () => {
      try {
        await destroy();
      } finally {
        const db = await reader.catch(() => undefined);
        if (db) await new Promise<void>((resolve) => db.close(() => resolve()));
      }
    };
  }
  return dataSource;
}

/** A statement that only reads: SELECT, or WITH … SELECT (SQLite has no data-modifying CTEs). */
const READ_ONLY = /^\s*(SELECT|WITH)\b/i;

function openReader(filename: string): Promise<sqlite3.Database> {
  const opened = new Promise<sqlite3.Database>((resolve, reject) => {
    const db = new sqlite3.Database(filename, sqlite3.OPEN_READWRITE, (error) => (error ? reject(error) : resolve(db)));
  }).then(async (db) => {
    // query_only: a write sent here by mistake fails instead of bypassing the writer's discipline.
    await new Promise<void>((resolve, reject) =>
      db.exec('PRAGMA query_only = 1; PRAGMA busy_timeout = 10000; PRAGMA cache_size = -65536; PRAGMA mmap_size = 268435456;', (error) => (error ? reject(error) : resolve())),
    );
    return db;
  });
  opened.catch(() => undefined);
  return opened;
}

/** A read on the reader, answered as TypeORM's SQLite runner answers it (rows, or a QueryResult). */
function readOn(db: sqlite3.Database, sql: string, parameters: unknown[] | undefined, structured: boolean | undefined): Promise<unknown> {
  return new Promise((resolve, reject) => {
    db.all(sql, parameters ?? [], (error, rows) => {
      if (error) return reject(new QueryFailedError(sql, parameters, error));
      if (!structured) return resolve(rows);
      const result = new QueryResult();
      result.raw = rows;
      result.records = rows;
      resolve(result);
    });
  });
}
