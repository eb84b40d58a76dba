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
 * Keepalives of a lock session (the projector locks', the read store's migration lock): how soon
 * the server notices that the host holding a lock is gone and ends its session, freeing its
 * advisory locks for a standby. The server's own defaults follow the OS (tcp_keepalives_idle
 * 7200 s, interval 75 s, 9 probes): a holder whose host died (not only its process, whose socket
 * the kernel closes) kept its locks some 2 h 11 min. With these the server probes a silent session
 * after 30 s, every 10 s, and ends it after 3 unanswered probes: about a minute.
 * `tcp_user_timeout` likewise bounds to a minute how long data the server sends may stay
 * unacknowledged. They take effect on TCP connections only (on a Unix socket SHOW gives 0).
 */
export const LOCK_SESSION_KEEPALIVES = { tcp_keepalives_idle: 30, tcp_keepalives_interval: 10, tcp_keepalives_count: 3, tcp_user_timeout: 60_000 } as const;

/**
 * A pg Client for a lock session. Its socket has TCP keepalive on too (first probe after 30 s of
 * silence; interval and count are the OS's, Node sets no others), so that the holder also learns,
 * in time, that a connection which went silent is gone (its leases are then reported lost).
 */
export function lockSessionClient(url: string): Client {
  return new Client({ connectionString: url, keepAlive: true, keepAliveInitialDelayMillis: 30_000 });
}

/** Applies LOCK_SESSION_KEEPALIVES to a connected lock session. */
export async function keepLockSessionAlive(client: Client): Promise<void> {
  await client.query(
    Object.entries(LOCK_SESSION_KEEPALIVES)
      .map(([setting, value]) => `SET ${setting} = ${value}`)
      .join('; '),
  );
}

/**
 * Session advisory locks on one dedicated connection, keyed by the read store's schema and the
 * projector, so several deployments (or test schemas) on one server do not exclude each other.
 * If that connection drops, every lease is reported lost and the runner stops those projectors.
 * The session has keepalives (LOCK_SESSION_KEEPALIVES): if the holder's host dies, the server
 * frees its locks in about a minute.
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
      const client = lockSessionClient(this.url);
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
      try {
        await keepLockSessionAlive(client);
      } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
      }
      this.client = client;
      return client;
    })().catch((error) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }
}
