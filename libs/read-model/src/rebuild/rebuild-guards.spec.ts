import type { EventStore, SqliteEventStore } from '@app/event-store';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { Client } from 'pg';
import { basename, dirname, join } from 'node:path';
import { openReadStore } from '../data-source';
import { SubjectStreamsProjector } from '../projectors/subject-streams.projector';
import { PostgresAdvisoryLocks, ProjectorLocks, SqliteFileLocks } from '../runner/projector-locks';
import { Sql } from '../sql/sql';
import { openTestReadStore, storedEvents, tableRows, TestReadStore } from '../testing/read-store-harness';
import { rebuildProjections } from './rebuild';
import { readStoreFile } from './rebuild-leftovers';
import { appendStored, openTestLog } from '../testing/event-log';

const events = storedEvents(
  Array.from({ length: 30 }, (_, i) => ({
    streamId: `institution-u${i}`,
    type: 'InstitutionRegistered',
    data: { uscc: `u${i}`, name: `机构${i}`, kind: 'GOVERNMENT_ORGAN', regionCode: '370100' },
  })),
);

/**
 * The real log, but running `beforeRead` (once) when asked for events after `at`, before reading
 * them: another process acting while the rebuild reads. Everything else goes to the log itself.
 */
function runningBeforeRead(log: EventStore, at: number, beforeRead: () => Promise<unknown>): EventStore {
  let done = false;
  const readAll: EventStore['readAll'] = async (options) => {
    if ((options?.fromPosition ?? 0) >= at && !done) {
      done = true;
      await beforeRead();
    }
    return log.readAll(options);
  };
  return new Proxy(log, {
    get: (target, key) => {
      if (key === 'readAll') return readAll;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const shadowTables = async (sql: Sql): Promise<string[]> => {
  const rows =
    sql.dialect === 'sqlite'
      ? await sql.rows<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`)
      : await sql.rows<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()`);
  return rows
    .map((r) => r.name)
    .filter((name) => /__r[0-9a-f]{6}$/.test(name))
    .sort();
};

/** The deployment's locks for this read store, as the service and the CLI make them (a second call: another process). */
function locksFor(store: TestReadStore): ProjectorLocks {
  return store.options.kind === 'postgres' ? new PostgresAdvisoryLocks(store.options.url, store.options.schema ?? 'public') : new SqliteFileLocks(join(store.dir, 'locks'));
}

describe('rebuildProjections: what interrupted rebuilds leave, signals, and the swap guards', () => {
  let store: TestReadStore;
  let sql: Sql;
  let locks: ProjectorLocks;
  /** The embedded log holding `events`, in the read store's temp dir. */
  let log: SqliteEventStore;
  const projectors = () => [new SubjectStreamsProjector()];

  beforeEach(async () => {
    store = await openTestReadStore('rebuild-guards');
    sql = Sql.of(store.dataSource);
    locks = locksFor(store);
    log = await openTestLog(store.dir, events);
  });

  afterEach(async () => {
    await log.close();
    await locks.close();
    await store.close();
  });

  it('sweeps the fresh tables and scratch files of a rebuild that died, and leaves those of one still running', async () => {
    // aaaaaa died (nobody holds its lock); bbbbbb runs in another process (which holds its lock).
    for (const token of ['aaaaaa', 'bbbbbb']) await sql.run(`CREATE TABLE "subject_streams__r${token}" AS SELECT * FROM subject_streams WHERE 1 = 0`);
    const database = readStoreFile(store.dataSource);
    const scratch = database ? [`${database}.rebuild-aaaaaa-0`, `${database}.rebuild-aaaaaa-0-wal`, `${database}.rebuild-bbbbbb-0`] : [];
    for (const file of scratch) writeFileSync(file, 'scratch');
    // A table that only looks like a fresh copy (not of a projector's table) is never touched.
    await sql.run(`CREATE TABLE "notes__rcccccc" (id integer)`);
    const otherProcess = locksFor(store);
    const running = await otherProcess.tryAcquire('rebuild-bbbbbb');
    expect(running).toBeDefined();
    try {
      await rebuildProjections({ store: log, dataSource: store.dataSource, projectors: projectors(), locks });
      expect(await shadowTables(sql)).toEqual(['notes__rcccccc', 'subject_streams__rbbbbbb']);
      expect(scratch.map((file) => existsSync(file))).toEqual(database ? [false, false, true] : []);
    } finally {
      await running!.release();
      await otherProcess.close();
    }
    // Once that one is gone too, the next rebuild (or the service's start) sweeps it.
    await rebuildProjections({ store: log, dataSource: store.dataSource, projectors: projectors(), locks });
    expect(await shadowTables(sql)).toEqual(['notes__rcccccc']);
    if (database) {
      expect(readdirSync(dirname(database)).filter((f) => f.startsWith(`${basename(database)}.rebuild-`))).toEqual([]);
      // Its own lock is released and forgotten: no lock file per rebuild piles up.
      expect(readdirSync(join(store.dir, 'locks')).filter((f) => f.startsWith('rebuild-'))).toEqual([]);
    }
    expect(await tableRows(store.dataSource, 'subject_streams')).toHaveLength(events.length);
  });

  it('stops between batches when its signal is aborted: the live tables stay, no fresh table is left', async () => {
    // Tables rebuilt from the log when it held 5 events; it has grown to 30 since.
    const growing = await openTestLog(store.dir, events.slice(0, 5), 'growing.sqlite');
    try {
      await rebuildProjections({ store: growing, dataSource: store.dataSource, projectors: projectors() });
      const before = await tableRows(store.dataSource, 'subject_streams');
      expect(before).toHaveLength(5);
      await appendStored(growing, events.slice(5));
      const abort = new AbortController();
      await expect(
        rebuildProjections({
          store: growing,
          dataSource: store.dataSource,
          projectors: projectors(),
          batchSize: 5,
          locks,
          signal: abort.signal,
          onProgress: () => abort.abort(new Error('stopped by SIGINT')),
        }),
      ).rejects.toThrow('stopped by SIGINT');
      expect(await tableRows(store.dataSource, 'subject_streams')).toEqual(before);
      expect(await shadowTables(sql)).toEqual([]);
    } finally {
      await growing.close();
    }
  });

  it('refuses to swap in tables of the old shape when the read store was migrated meanwhile', async () => {
    const other = await openReadStore(store.options);
    try {
      // Another process (a new version of the service) applies a migration while the rebuild runs.
      const migrating = runningBeforeRead(log, 10, () => Sql.of(other).run(`INSERT INTO "migrations" ("timestamp", "name") VALUES (?, ?)`, [1999999999999, 'Later1999999999999']));
      await expect(rebuildProjections({ store: migrating, dataSource: store.dataSource, projectors: projectors(), batchSize: 10, locks })).rejects.toThrow(
        /migrated while the rebuild ran/,
      );
      expect(await tableRows(store.dataSource, 'subject_streams')).toEqual([]);
      expect(await shadowTables(sql)).toEqual([]);
    } finally {
      await other.destroy();
    }
  });

  it('refuses to set a live projector back: one that has applied beyond the log it read fails the swap', async () => {
    const other = await openReadStore(store.options);
    try {
      const advancing = runningBeforeRead(log, 10, () => Sql.of(other).run(`UPDATE projection_checkpoints SET position = 1000 WHERE name = 'subject-streams'`));
      await expect(rebuildProjections({ store: advancing, dataSource: store.dataSource, projectors: projectors(), batchSize: 10 })).rejects.toThrow(
        /subject-streams has applied position 1000, beyond the log this rebuild read \(30\)/,
      );
      expect(await shadowTables(sql)).toEqual([]);
    } finally {
      await other.destroy();
    }
  });

  (process.env.DATABASE_URL ? it : it.skip)('PostgreSQL: the live tables\' owner owns the swapped-in ones, and the roles granted them keep their privileges', async () => {
    const schema = store.options.kind === 'postgres' ? store.options.schema! : '';
    const role = `ledger_reader_${schema.slice(-10)}`;
    const admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    const privileges = () =>
      sql.rows<{ grantee: string; privilege_type: string; is_grantable: string }>(
        `SELECT grantee, privilege_type, is_grantable FROM information_schema.role_table_grants WHERE table_schema = current_schema() AND table_name = 'subject_streams' AND grantee <> current_user ORDER BY 1, 2`,
      );
    try {
      await admin.query(`CREATE ROLE "${role}" NOLOGIN`);
      await admin.query(`GRANT USAGE ON SCHEMA "${schema}" TO "${role}"`);
      await admin.query(`GRANT SELECT ON "${schema}".subject_streams TO "${role}"`);
      await admin.query(`GRANT REFERENCES ON "${schema}".subject_streams TO "${role}" WITH GRANT OPTION`);
      await admin.query(`GRANT SELECT ON "${schema}".subject_streams TO PUBLIC`);
      const before = await privileges();
      expect(before).toEqual([
        { grantee: 'PUBLIC', privilege_type: 'SELECT', is_grantable: 'NO' },
        { grantee: role, privilege_type: 'REFERENCES', is_grantable: 'YES' },
        { grantee: role, privilege_type: 'SELECT', is_grantable: 'NO' },
      ]);

      await rebuildProjections({ store: log, dataSource: store.dataSource, projectors: projectors(), locks });
      expect(await privileges()).toEqual(before);

      // The service's role owns the live table; an administrator (this test's superuser) runs the rebuild.
      await admin.query(`ALTER TABLE "${schema}".subject_streams OWNER TO "${role}"`);
      const owner = async () =>
        (await sql.rows<{ owner: string }>(`SELECT tableowner AS owner FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'subject_streams'`))[0].owner;
      const owned = await privileges();
      await rebuildProjections({ store: log, dataSource: store.dataSource, projectors: projectors(), locks });
      expect(await owner()).toBe(role);
      expect(await privileges()).toEqual(owned);
      // The role reads the rebuilt table.
      await admin.query('BEGIN');
      await admin.query(`SET LOCAL ROLE "${role}"`);
      const { rows } = await admin.query(`SELECT count(*)::int AS n FROM "${schema}".subject_streams`);
      await admin.query('COMMIT');
      expect(rows[0].n).toBe(events.length);
    } finally {
      await admin.query('ROLLBACK').catch(() => undefined);
      await admin.query(`REASSIGN OWNED BY "${role}" TO CURRENT_USER`).catch(() => undefined);
      await admin.query(`DROP OWNED BY "${role}"`).catch(() => undefined);
      await admin.query(`REVOKE ALL ON ALL TABLES IN SCHEMA "${schema}" FROM "${role}"`).catch(() => undefined);
      await admin.query(`REVOKE USAGE ON SCHEMA "${schema}" FROM "${role}"`).catch(() => undefined);
      await admin.query(`DROP ROLE IF EXISTS "${role}"`);
      await admin.end();
    }
  });

  (process.env.DATABASE_URL ? it : it.skip)('PostgreSQL: a reader holding a live table makes the swap catch up and try again, and fail in the end, never wait without end', async () => {
    const reader = new Client({ connectionString: process.env.DATABASE_URL });
    await reader.connect();
    try {
      // A long export: a transaction that has read the live table and holds its share lock.
      await reader.query(`SET search_path = "${store.options.kind === 'postgres' ? store.options.schema : ''}"`);
      await reader.query('BEGIN');
      await reader.query('SELECT count(*) FROM subject_streams');
      const warnings: string[] = [];
      const logger = { log: () => undefined, error: () => undefined, warn: (message: string) => warnings.push(message) };
      await expect(
        rebuildProjections({ store: log, dataSource: store.dataSource, projectors: projectors(), swapLockTimeoutMs: 100, logger }),
      ).rejects.toThrow(/lock timeout/);
      expect(warnings).toHaveLength(4);
      expect(warnings[0]).toContain('the swap waited 100 ms for readers of the live tables; catching up and trying again (1/5)');
      expect(await shadowTables(sql)).toEqual([]);

      // Once the reader is done, the next try goes through.
      warnings.length = 0;
      const letGo = { ...logger, warn: (message: string) => (warnings.push(message), void reader.query('COMMIT')) };
      await rebuildProjections({ store: log, dataSource: store.dataSource, projectors: projectors(), swapLockTimeoutMs: 100, logger: letGo });
      expect(warnings).toHaveLength(1);
      expect(await tableRows(store.dataSource, 'subject_streams')).toHaveLength(events.length);
    } finally {
      await reader.query('ROLLBACK').catch(() => undefined);
      await reader.end();
    }
  });
});
