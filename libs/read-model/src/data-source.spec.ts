import 'reflect-metadata';
import { ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import sqlite3 from 'sqlite3';
import { openReadStore, ReadStoreOptions } from './data-source';
import { READ_MODEL_MIGRATIONS } from './migrations';
import { SqliteFileLocks } from './runner/projector-locks';
import { dropSchema } from './testing/read-store-harness';
import { canInspectSockets, keepaliveTimers } from './testing/tcp-keepalive';

const ROOT = resolve(__dirname, '../../..');
const CHILD = resolve(__dirname, 'testing/open-read-store.child.ts');
const url = process.env.DATABASE_URL;
const itPg = url ? it : it.skip;

/** Every migration's name, once each, as the migrations table should hold them. */
const EXPECTED = READ_MODEL_MIGRATIONS.map((migration) => ({ name: new migration().name!, count: 1 })).sort((a, b) => a.name.localeCompare(b.name));

type Answer = { ok: true } | { ok: false; error: string };

function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const onMessage = (message: T) => {
      child.off('exit', onExit);
      resolvePromise(message);
    };
    const onExit = (code: number | null) => {
      child.off('message', onMessage);
      reject(new Error(`open-read-store child exited (${code})`));
    };
    child.once('message', onMessage);
    child.once('exit', onExit);
  });
}

async function startChild(): Promise<ChildProcess> {
  const child = fork(CHILD, [], {
    cwd: ROOT,
    execArgv: ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  expect(await nextMessage<string>(child)).toBe('ready');
  return child;
}

/** Has every child open the same store at the same moment; what each answered. */
async function openTogether(children: ChildProcess[], options: ReadStoreOptions): Promise<Answer[]> {
  const answers = children.map((child) => nextMessage<Answer>(child));
  for (const child of children) child.send({ open: options });
  return Promise.all(answers);
}

function sqliteMigrations(filename: string): Promise<{ name: string; count: number }[]> {
  return new Promise((resolvePromise, reject) => {
    const db = new sqlite3.Database(filename, sqlite3.OPEN_READONLY, (openError) => {
      if (openError) return reject(openError);
      db.all<{ name: string; count: number }>('SELECT name, COUNT(*) AS count FROM migrations GROUP BY name ORDER BY name', (error, rows) =>
        db.close(() => (error ? reject(error) : resolvePromise(rows.sort((a, b) => a.name.localeCompare(b.name))))),
      );
    });
  });
}

async function pgMigrations(schema: string): Promise<{ name: string; count: number }[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; count: number }>(`SELECT name, COUNT(*)::int AS count FROM "${schema}".migrations GROUP BY name`);
    return rows.sort((a, b) => a.name.localeCompare(b.name));
  } finally {
    await client.end();
  }
}

/** Whether a promise is still pending after `ms`. */
async function pendingAfter(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((r) => setTimeout(r, ms));
  return !settled;
}

const freshSchema = () => `migrate_race_${randomBytes(5).toString('hex')}`;

describe('openReadStore: processes starting at once on a fresh store', () => {
  const ROUNDS = 6;
  let children: ChildProcess[] = [];
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-migrate-race-'));
    children = await Promise.all([startChild(), startChild()]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolvePromise) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolvePromise();
            child.once('exit', () => resolvePromise());
            child.send({ exit: true });
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  });

  it('SQLite: both processes open each fresh store, and it holds every migration once', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const filename = join(dir, `round-${round}`, 'read-model.sqlite');
      const answers = await openTogether(children, { kind: 'sqlite', filename });
      expect({ round, answers }).toEqual({ round, answers: [{ ok: true }, { ok: true }] });
      expect(await sqliteMigrations(filename)).toEqual(EXPECTED);
    }
  }, 120_000);

  itPg('PostgreSQL: both processes open each fresh schema, and it holds every migration once, in that schema', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const schema = freshSchema();
      try {
        const answers = await openTogether(children, { kind: 'postgres', url: url!, schema });
        expect({ round, answers }).toEqual({ round, answers: [{ ok: true }, { ok: true }] });
        expect(await pgMigrations(schema)).toEqual(EXPECTED);
      } finally {
        await dropSchema(url!, schema);
      }
    }
  }, 120_000);
});

describe('openReadStore: a start waits for the migration lock another holds', () => {
  it('SQLite: waits while <dir>/locks/read-store-migrations.lock is held, then migrates', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-migrate-wait-'));
    const locks = new SqliteFileLocks(join(dir, 'locks'));
    try {
      const held = await locks.tryAcquire('read-store-migrations');
      expect(held).toBeDefined();
      const filename = join(dir, 'read-model.sqlite');
      const opening = openReadStore({ kind: 'sqlite', filename });
      expect(await pendingAfter(opening, 700)).toBe(true);
      await held!.release();
      const dataSource = await opening;
      await dataSource.destroy();
      expect(await sqliteMigrations(filename)).toEqual(EXPECTED);
    } finally {
      await locks.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  itPg("PostgreSQL: waits while the schema's migration advisory lock is held, then creates the schema and migrates in it", async () => {
    const schema = freshSchema();
    const holder = new Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query("SELECT pg_advisory_lock(hashtext('ledger-read-store-migrations'), hashtext($1))", [schema]);
      const opening = openReadStore({ kind: 'postgres', url: url!, schema });
      expect(await pendingAfter(opening, 700)).toBe(true);
      // Nothing is done before the lock is had: not even the schema.
      expect((await holder.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount).toBe(0);
      await holder.query("SELECT pg_advisory_unlock(hashtext('ledger-read-store-migrations'), hashtext($1))", [schema]);
      const dataSource = await opening;
      await dataSource.destroy();
      expect(await pgMigrations(schema)).toEqual(EXPECTED);
      // The migrations ran with the schema's search_path: their tables are in it.
      const tables = await holder.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [schema]);
      expect(tables.rows.map((row: { table_name: string }) => row.table_name)).toEqual(expect.arrayContaining(['projection_checkpoints', 'institutions']));
    } finally {
      await holder.end();
      await dropSchema(url!, schema);
    }
  }, 30_000);

  (url && canInspectSockets() ? it : it.skip)("PostgreSQL: the migration lock's session has the lock sessions' keepalives (both ends probe within 30 s, not the server's 2 h)", async () => {
    const schema = freshSchema();
    const holder = new Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query("SELECT pg_advisory_lock(hashtext('ledger-read-store-migrations'), hashtext($1))", [schema]);
      const opening = openReadStore({ kind: 'postgres', url: url!, schema });
      // The session waiting for the lock: the one that will hold it while the migrations run.
      let waiting: { port: number } | undefined;
      for (let attempt = 0; attempt < 100 && !waiting; attempt++) {
        const { rows } = await holder.query<{ port: number }>(
          `SELECT a.client_port AS port FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND NOT l.granted AND l.objsubid = 2
              AND l.classid = hashtext('ledger-read-store-migrations')::oid AND l.objid = hashtext($1)::oid`,
          [schema],
        );
        waiting = rows[0];
        if (!waiting) await new Promise((r) => setTimeout(r, 50));
      }
      expect(waiting).toBeDefined();
      const timers = await keepaliveTimers(Number(new URL(url!).port || 5432), waiting!.port);
      await holder.query("SELECT pg_advisory_unlock(hashtext('ledger-read-store-migrations'), hashtext($1))", [schema]);
      await (await opening).destroy();
      expect(timers.server).toBeDefined();
      expect(timers.server!).toBeLessThanOrEqual(30);
      expect(timers.client).toBeDefined();
      expect(timers.client!).toBeLessThanOrEqual(30);
    } finally {
      await holder.end();
      await dropSchema(url!, schema);
    }
  }, 30_000);

  itPg('PostgreSQL: the migration lock is released once the store is open, and is not a projector lock', async () => {
    const schema = freshSchema();
    const probe = new Client({ connectionString: url });
    await probe.connect();
    try {
      const dataSource = await openReadStore({ kind: 'postgres', url: url!, schema });
      const got = await probe.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtext('ledger-read-store-migrations'), hashtext($1)) AS locked", [schema]);
      expect(got.rows[0].locked).toBe(true);
      const keys = await probe.query<{ differ: boolean }>("SELECT hashtext('ledger-read-store-migrations') <> hashtext('ledger-projector') AS differ");
      expect(keys.rows[0].differ).toBe(true);
      await dataSource.destroy();
    } finally {
      await probe.end();
      await dropSchema(url!, schema);
    }
  }, 30_000);
});

describe('openReadStore: the SQLite store it opens', () => {
  it('has one transaction at a time: a read from outside never sees rows of an open transaction that is then rolled back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-open-tx-'));
    const dataSource = await openReadStore({ kind: 'sqlite', filename: join(dir, 'read-model.sqlite') });
    try {
      let inserted!: () => void;
      const insertedYet = new Promise<void>((r) => (inserted = r));
      let proceed!: () => void;
      const go = new Promise<void>((r) => (proceed = r));
      const tx = dataSource.transaction(async (manager) => {
        await manager.query(`INSERT INTO process_checkpoints (name, position) VALUES ('uncommitted', 1)`);
        inserted();
        await go;
        throw new Error('the batch fails');
      });
      await insertedYet;
      const read = dataSource.query(`SELECT name FROM process_checkpoints`);
      proceed();
      await expect(tx).rejects.toThrow('the batch fails');
      expect(await read).toEqual([]);
    } finally {
      await dataSource.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('openReadStore: the PostgreSQL store it opens', () => {
  itPg("gives the pool's sessions the lock sessions' keepalives (a dead holder's row locks go in about a minute, not the server's 2 h)", async () => {
    const schema = `keepalive_${randomBytes(4).toString('hex')}`;
    const dataSource = await openReadStore({ kind: 'postgres', url: url!, schema });
    try {
      const show = async (setting: string) => String((await dataSource.query(`SHOW ${setting}`))[0][setting]);
      expect(await show('tcp_keepalives_idle')).toBe('30');
      expect(await show('tcp_keepalives_interval')).toBe('10');
      expect(await show('tcp_keepalives_count')).toBe('3');
      expect(await show('tcp_user_timeout')).toBe('60000');
      // The schema's search_path is still set alongside.
      expect(await show('search_path')).toBe(schema);
    } finally {
      await dataSource.destroy();
      await dropSchema(url!, schema);
    }
  });
});
