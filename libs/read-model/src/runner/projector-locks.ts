import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import sqlite3 from 'sqlite3';

/** A held lock: one projector, one writer. `lost` resolves if it is taken away (connection gone). */
export interface ProjectorLease {
  readonly lost: Promise<void>;
  release(): Promise<void>;
}

/**
 * Only one process may run a projector at a time (architecture.md "Scale-out"). Whoever holds
 * the lock projects; the others poll and take over when the holder dies, because the operating
 * system (SQLite file lock) or the database (advisory lock of a closed session) frees it.
 */
export interface ProjectorLocks {
  tryAcquire(projector: string): Promise<ProjectorLease | undefined>;
  /** Drops what keeps a released lock that will not be asked for again (a rebuild's, by token). */
  forget?(name: string): void;
  close(): Promise<void>;
}

/** Every projector is always available: a single process with no competitor (tests, tools). */
export const noLocks: ProjectorLocks = {
  tryAcquire: async () => ({ lost: new Promise<void>(() => undefined), release: async () => undefined }),
  close: async () => undefined,
};

const run = (db: sqlite3.Database, sql: string): Promise<void> =>
  new Promise((resolve, reject) => db.run(sql, (error) => (error ? reject(error) : resolve())));
const closeDb = (db: sqlite3.Database): Promise<void> => new Promise((resolve) => db.close(() => resolve()));

/**
 * One small SQLite file per projector in `<dataDir>/locks`, held in an open `BEGIN EXCLUSIVE`
 * transaction. SQLite's locks are POSIX file locks: the kernel drops them when the process dies,
 * however it dies, so there is no stale PID file to clean up.
 */
export class SqliteFileLocks implements ProjectorLocks {
  private readonly held = new Map<string, sqlite3.Database>();

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  async tryAcquire(projector: string): Promise<ProjectorLease | undefined> {
    if (this.held.has(projector)) return undefined;
    const db = await new Promise<sqlite3.Database>((resolve, reject) => {
      const opened = new sqlite3.Database(join(this.dir, `${projector}.lock`), (error) => (error ? reject(error) : resolve(opened)));
    });
    // Fail at once when another holds it (node-sqlite3 would otherwise wait a second per try).
    db.configure('busyTimeout', 0);
    try {
      await run(db, 'PRAGMA journal_mode = DELETE');
      await run(db, 'BEGIN EXCLUSIVE');
    } catch (error) {
      await closeDb(db);
      if (/SQLITE_BUSY|database is locked/.test(String(error))) return undefined;
      throw error;
    }
    this.held.set(projector, db);
    return {
      lost: new Promise<void>(() => undefined),
      release: async () => {
        if (this.held.get(projector) !== db) return;
        this.held.delete(projector);
        await run(db, 'ROLLBACK').catch(() => undefined);
        await closeDb(db);
      },
    };
  }

  forget(name: string): void {
    if (!this.held.has(name)) rmSync(join(this.dir, `${name}.lock`), { force: true });
  }

  async close(): Promise<void> {
    const all = [...this.held.values()];
    this.held.clear();
    await Promise.all(all.map(async (db) => closeDb(db)));
  }
}

/**
 * Session advisory locks on one dedicated connection, keyed by the read store's schema and the
 * projector, so several deployments (or test schemas) on one server do not exclude each other.
 * If that connection drops, every lease is reported lost and the runner stops those projectors.
 */
export class PostgresAdvisoryLocks implements ProjectorLocks {
  private client: Client | undefined;
  private connecting: Promise<Client> | undefined;
  private readonly leases = new Map<string, () => void>();

  constructor(
    private readonly url: string,
    private readonly namespace: string,
  ) {}

  async tryAcquire(projector: string): Promise<ProjectorLease | undefined> {
    if (this.leases.has(projector)) return undefined;
    const client = await this.connect();
    const key = `${this.namespace}:${projector}`;
    const result = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtext('ledger-projector'), hashtext($1)) AS locked", [key]);
    if (!result.rows[0]?.locked) return undefined;
    let markLost!: () => void;
    const lost = new Promise<void>((resolve) => (markLost = resolve));
    this.leases.set(projector, markLost);
    return {
      lost,
      release: async () => {
        if (!this.leases.delete(projector)) return;
        await client.query("SELECT pg_advisory_unlock(hashtext('ledger-projector'), hashtext($1))", [key]).catch(() => undefined);
      },
    };
  }

  async close(): Promise<void> {
    this.leases.clear();
    const client = this.client;
    this.client = undefined;
    this.connecting = undefined;
    await client?.end().catch(() => undefined);
  }

  private connect(): Promise<Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= (async () => {
      const client = new Client({ connectionString: this.url });
      const drop = () => {
        if (this.client !== client) return;
        this.client = undefined;
        this.connecting = undefined;
        const lost = [...this.leases.values()];
        this.leases.clear();
        lost.forEach((markLost) => markLost());
      };
      client.on('error', drop);
      client.on('end', drop);
      await client.connect();
      this.client = client;
      return client;
    })().catch((error) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }
}
