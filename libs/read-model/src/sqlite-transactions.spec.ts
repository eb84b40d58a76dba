import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { Sql } from './sql/sql';
import { oneTransactionAtATime } from './sqlite-transactions';
import { openTestReadStore, TestReadStore } from './testing/read-store-harness';

/** Resolves when `open` is called: a transaction held open until the test lets it go on. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('one transaction at a time on the read store (TypeORM SQLite shares one connection)', () => {
  let store: TestReadStore;
  let sql: Sql;
  beforeEach(async () => {
    store = await openTestReadStore('tx');
    oneTransactionAtATime(store.dataSource);
    sql = Sql.of(store.dataSource);
  });
  afterEach(() => store.close());

  const names = async () => (await sql.rows<{ name: string }>(`SELECT name FROM process_checkpoints ORDER BY name`)).map((r) => r.name);

  /** A transaction that inserts `name`, waits for `proceed`, then fails (rolled back) or commits. */
  function batch(name: string, proceed: Promise<void>, fail: boolean) {
    const inserted = gate();
    const done = store.dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO process_checkpoints (name, position) VALUES ('${name}', 1)`);
      inserted.open();
      await proceed;
      if (fail) throw new Error('the batch fails');
    });
    return { inserted: inserted.opened, done };
  }

  it('a read from outside never sees rows of an open transaction that is then rolled back', async () => {
    const go = gate();
    const tx = batch('uncommitted', go.opened, true);
    await tx.inserted;
    const read = names();
    go.open();
    await expect(tx.done).rejects.toThrow('the batch fails');
    expect(await read).toEqual([]);
  });

  it('a write from outside during another transaction is not rolled back with it', async () => {
    const go = gate();
    const tx = batch('uncommitted', go.opened, true);
    await tx.inserted;
    const write = sql.run(`INSERT INTO process_checkpoints (name, position) VALUES ('saga:outside', 42)`);
    go.open();
    await expect(tx.done).rejects.toThrow('the batch fails');
    await write;
    expect(await names()).toEqual(['saga:outside']);
  });

  it('two transactions started at once do not nest: one failing leaves the other committed', async () => {
    const go = gate();
    const failing = batch('fails', go.opened, true);
    await failing.inserted;
    const committing = batch('commits', Promise.resolve(), false);
    go.open();
    await expect(failing.done).rejects.toThrow('the batch fails');
    await committing.done;
    expect(await names()).toEqual(['commits']);
  });

  // PostgreSQL: a statement through the DataSource takes another connection of the pool, outside the transaction.
  const onSqlite = process.env.DATABASE_URL ? it.skip : it;
  onSqlite('what a transaction awaits itself still runs inside it (no deadlock), also through the DataSource and nested transactions', async () => {
    await store.dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO process_checkpoints (name, position) VALUES ('a', 1)`);
      expect(await names()).toEqual(['a']);
      await store.dataSource.transaction((inner) => inner.query(`INSERT INTO process_checkpoints (name, position) VALUES ('b', 2)`));
      await store.dataSource.getRepository('ProcessCheckpoint').findOneBy({ name: 'a' });
    });
    expect(await names()).toEqual(['a', 'b']);
  });

  onSqlite('reads from outside a transaction do not wait for it: they answer at once with what is committed', async () => {
    await sql.run(`INSERT INTO process_checkpoints (name, position) VALUES ('committed', 1)`);
    const go = gate();
    const tx = batch('pending', go.opened, false);
    await tx.inserted;
    // The transaction is still open (waiting for `go`): the read must not wait for it.
    expect(await names()).toEqual(['committed']);
    expect(await store.dataSource.getRepository('ProcessCheckpoint').count()).toBe(1);
    go.open();
    await tx.done;
    expect(await names()).toEqual(['committed', 'pending']);
  });

  onSqlite('reads are not held up while this process waits for another process’s write lock (a rebuild writing)', async () => {
    const other = await new Promise<sqlite3.Database>((resolve, reject) => {
      const db = new sqlite3.Database(join(store.dir, 'read-model.sqlite'), (error) => (error ? reject(error) : resolve(db)));
    });
    const exec = (statement: string) => new Promise<void>((resolve, reject) => other.exec(statement, (error) => (error ? reject(error) : resolve())));
    try {
      await exec(`BEGIN IMMEDIATE; INSERT INTO process_checkpoints (name, position) VALUES ('other-process', 1)`);
      // This process's write waits (busy) for the other's lock...
      const write = sql.run(`INSERT INTO process_checkpoints (name, position) VALUES ('saga:waiting', 1)`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      // ...and a read meanwhile answers from the committed state without waiting for either (the
      // other process commits only after it: a read held up behind the lock would never answer).
      expect(await names()).toEqual([]);
      await exec('COMMIT');
      await write;
      expect(await names()).toEqual(['other-process', 'saga:waiting']);
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  onSqlite('while a database is attached to the writer, reads go to the writer, the only connection that sees it', async () => {
    const scratch = join(store.dir, 'scratch.sqlite');
    await sql.run(`ATTACH DATABASE ? AS scratch`, [scratch]);
    try {
      await sql.run(`CREATE TABLE scratch.t (x INTEGER)`);
      await sql.run(`INSERT INTO scratch.t (x) VALUES (7)`);
      expect(await sql.rows(`SELECT x FROM scratch.t`)).toEqual([{ x: 7 }]);
    } finally {
      await sql.run('DETACH DATABASE scratch');
    }
  });
});
