import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, QueryRunner } from 'typeorm';

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

  // Every statement (queries, repositories, query builders, the transaction's own BEGIN) runs on
  // the driver's one QueryRunner.
  const runner = dataSource.driver.createQueryRunner('master') as QueryRunner;
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  (runner as { query: unknown }).query = (...args: unknown[]) => (holding() ? query(...args) : exclusively(() => query(...args)));
  return dataSource;
}
