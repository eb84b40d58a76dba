import { SqliteEventStore } from '@app/event-store';
import { join } from 'node:path';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { dataSourceOptions, runPendingMigrations, withMigrationLock } from '../data-source';
import { READ_MODEL_MIGRATIONS } from '../migrations';
import { LogInstantsProjector } from '../projectors/log-instants.projector';
import { SubjectStreamsProjector } from '../projectors/subject-streams.projector';
import { rebuildProjections } from '../rebuild/rebuild';
import { Sql } from '../sql/sql';
import { openTestReadStore, storedEvents, tableRows, TestReadStore } from '../testing/read-store-harness';
import { eventually, recordingLogger, registerInstitutions, sleep } from '../testing/runner-fixtures';
import { readCheckpoints } from './checkpoints';
import { commitBatch, ProjectionRunner } from './projection-runner';
import { PostgresAdvisoryLocks, ProjectorLocks, SqliteFileLocks } from './projector-locks';
import { knownMigrations, newerMigrations, ReadStoreNewerError } from './read-store-release';

/**
 * A rolling upgrade: a process of the new release starts and migrates the read store while a
 * process of the old release still runs the projectors. The old code must not write rows of the
 * old shape into the new tables, nor replay by the old rules what the migration reset: it
 * projects nothing more and leaves the projectors to the new release's processes.
 */

/** A migration of a release after this one: it resets subject-streams to replay it, as real ones do. */
class FutureRelease1899999999999 implements MigrationInterface {
  /** What a test does while the migration runs: before its first statement, or after its last. */
  static during: { before?: () => Promise<void>; after?: () => Promise<void> } = {};

  async up(queryRunner: QueryRunner): Promise<void> {
    await FutureRelease1899999999999.during.before?.();
    await queryRunner.query(`DELETE FROM "subject_streams"`);
    await queryRunner.query(`UPDATE "projection_checkpoints" SET "position" = 0 WHERE "name" = 'subject-streams'`);
    await FutureRelease1899999999999.during.after?.();
  }

  async down(): Promise<void> {}
}

const FUTURE = 'FutureRelease1899999999999';
const LATEST = READ_MODEL_MIGRATIONS[READ_MODEL_MIGRATIONS.length - 1].name;

describe('ProjectionRunner: a read store migrated by a newer release', () => {
  let readStore: TestReadStore;
  let store: SqliteEventStore;
  const opened: DataSource[] = [];
  const runners: ProjectionRunner[] = [];
  const logger = recordingLogger();
  const { lines } = logger;

  /** A data source on the test store whose code has `migrations` (not run: the store has its own). */
  const release = async (migrations: readonly (new () => MigrationInterface)[]): Promise<DataSource> => {
    const dataSource = await new DataSource({ ...dataSourceOptions(readStore.options), migrations: [...migrations] }).initialize();
    opened.push(dataSource);
    return dataSource;
  };
  /** The new release starting: its migrations run on the store, as openReadStore runs them. */
  const upgrade = async (during: typeof FutureRelease1899999999999.during = {}, waitForBatchesMs?: number): Promise<DataSource> => {
    const next = await release([...READ_MODEL_MIGRATIONS, FutureRelease1899999999999]);
    FutureRelease1899999999999.during = during;
    await withMigrationLock(readStore.options, () => runPendingMigrations(next, { waitForBatchesMs }));
    return next;
  };
  /** Each process its own locks, as the service makes them. */
  const locksOf = (): ProjectorLocks =>
    readStore.options.kind === 'postgres' ? new PostgresAdvisoryLocks(readStore.options.url, readStore.options.schema ?? 'public') : new SqliteFileLocks(join(readStore.dir, 'locks'));
  const runner = (dataSource: DataSource, lockRetryMs: number): ProjectionRunner => {
    const made = new ProjectionRunner(store, dataSource, [new LogInstantsProjector(), new SubjectStreamsProjector()], logger, undefined, { locks: locksOf(), lockRetryMs });
    runners.push(made);
    return made;
  };
  const streams = async () => (await tableRows(readStore.dataSource, 'subject_streams')).length;
  const checkpoints = async () => Object.fromEntries(await readCheckpoints(readStore.dataSource));
  const standby = (r: ProjectionRunner) => r.status().every((s) => s.standby === true);

  beforeEach(async () => {
    lines.length = 0;
    readStore = await openTestReadStore('newer_release');
    store = await SqliteEventStore.open({ filename: join(readStore.dir, 'events.sqlite'), synchronous: 'OFF', pollIntervalMs: 20 });
  });
  afterEach(async () => {
    for (const r of runners.splice(0)) await r.stop();
    await store.close();
    for (const dataSource of opened.splice(0)) if (dataSource.isInitialized) await dataSource.destroy();
    await readStore.close();
  });

  it('names the migrations the store has beyond the code, and none when the code has them all', async () => {
    const sql = Sql.of(readStore.dataSource);
    expect(await newerMigrations(sql, knownMigrations(readStore.dataSource))).toEqual([]);
    const older = await release(READ_MODEL_MIGRATIONS.slice(0, -2));
    expect(await newerMigrations(sql, knownMigrations(older))).toEqual(READ_MODEL_MIGRATIONS.slice(-2).map((m) => m.name));
    // A data source that knows no migrations knows no release: nothing to compare with.
    expect(await newerMigrations(sql, { names: new Set(), latest: 0 })).toEqual([]);
    // A newer release that merged its migrations into fewer: a later one than the code knows is enough.
    const merged = { names: new Set(READ_MODEL_MIGRATIONS.slice(0, 3).map((m) => m.name)), latest: 1763790500000 };
    expect(await newerMigrations(sql, merged, { count: 3, latest: 1764080000000 })).toEqual(READ_MODEL_MIGRATIONS.slice(3).map((m) => m.name));
    expect(await newerMigrations(sql, knownMigrations(readStore.dataSource), { count: READ_MODEL_MIGRATIONS.length, latest: 1764080000000 })).toEqual([]);
  });

  it('a process of an older release takes no projector at start; one of the store’s release takes them all', async () => {
    await registerInstitutions(store, 1, 5);
    const old = runner(await release(READ_MODEL_MIGRATIONS.slice(0, -1)), 50);
    await old.start();
    expect(standby(old)).toBe(true);
    expect(old.readStoreNewer).toEqual({ migrations: [LATEST], since: expect.any(String) });
    expect(await streams()).toBe(0);
    // Not even its checkpoint rows.
    expect(await checkpoints()).toEqual({});
    expect(lines.some((l) => l.startsWith(`error the read store was migrated by a newer release (migration ${LATEST} unknown to this one)`))).toBe(true);
    expect(lines.some((l) => l.includes('standing by for'))).toBe(false);

    const current = runner(readStore.dataSource, 50);
    await current.start();
    expect(current.ownsAll).toBe(true);
    expect(current.readStoreNewer).toBeUndefined();
    expect(await streams()).toBe(5);
    // The old one never takes a projector back, whatever its timer finds free.
    await sleep(200);
    expect(standby(old)).toBe(true);
  });

  it('a running projector of the old release applies nothing once the new release migrated: it does not replay what the migration reset, and the new release takes over', async () => {
    await registerInstitutions(store, 1, 10);
    // A timer round longer than the test: the batch itself must notice.
    const old = runner(readStore.dataSource, 60_000);
    await old.start();
    expect(await streams()).toBe(10);

    const next = await upgrade();
    expect(await streams()).toBe(0);
    await registerInstitutions(store, 11, 11);
    await eventually('the old release stands aside', () => old.readStoreNewer, (newer) => newer !== undefined);
    expect(old.readStoreNewer!.migrations).toEqual([FUTURE]);
    await eventually('its locks are released', () => standby(old), (all) => all);
    // Nothing applied by the old code after the migration: no replay, no new event.
    expect(await streams()).toBe(0);
    expect(await checkpoints()).toEqual({ 'log-instants': 10, 'subject-streams': 0 });

    const current = runner(next, 50);
    await current.start();
    expect(current.ownsAll).toBe(true);
    expect(await current.waitFor(11, 5_000)).toBe(true);
    expect(await streams()).toBe(11);
    expect(await checkpoints()).toEqual({ 'log-instants': 11, 'subject-streams': 11 });
  });

  it('an idle holder of the old release notices on its timer and lets a standby of the new release take over', async () => {
    await registerInstitutions(store, 1, 3);
    const old = runner(readStore.dataSource, 50);
    await old.start();
    expect(old.ownsAll).toBe(true);
    const next = await upgrade();
    const current = runner(next, 50);
    await current.start();
    await eventually('the new release runs every projector', () => current.ownsAll, (all) => all);
    expect(old.readStoreNewer?.migrations).toEqual([FUTURE]);
    expect(standby(old)).toBe(true);
    await eventually('subject-streams replayed by the new release', streams, (n) => n === 3);
    // The old one did not go on to replay what the migration reset (the new one starts from the stored 0).
    expect(lines.filter((l) => l.includes('moved back'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('error the read store was migrated by a newer release'))).toHaveLength(1);
  });

  it('commitBatch with the code’s migrations refuses a newer store and applies nothing', async () => {
    const old = await release(READ_MODEL_MIGRATIONS.slice(0, -1));
    const events = storedEvents([{ streamId: 'institution-u1', type: 'InstitutionRegistered', data: { uscc: 'u1', name: '机构1', kind: 'GOVERNMENT_ORGAN', regionCode: '370100' } }]);
    await expect(commitBatch(old, new SubjectStreamsProjector(), events, { expected: 0, known: knownMigrations(old) })).rejects.toThrow(ReadStoreNewerError);
    expect(await streams()).toBe(0);
    expect(await checkpoints()).toEqual({});
    // The store's own release applies it.
    await commitBatch(readStore.dataSource, new SubjectStreamsProjector(), events, { known: knownMigrations(readStore.dataSource) });
    expect(await streams()).toBe(1);
  });

  const oneRegistration = () =>
    storedEvents([{ streamId: 'institution-u1', type: 'InstitutionRegistered', data: { uscc: 'u1', name: '机构1', kind: 'GOVERNMENT_ORGAN', regionCode: '370100' } }]);

  const logInstant = () => storedEvents([{ streamId: 'institution-u1', type: 'InstitutionRegistered', data: { uscc: 'u1', name: '机构1', kind: 'GOVERNMENT_ORGAN', regionCode: '370100' } }]);

  // log-instants: a projector the migration does not reset, so only the migration's lock (not a
  // checkpoint row it changed) can make the batch wait; its row there or not yet made.
  it.each(['with', 'without'] as const)('a batch that starts while a migration runs (%s its checkpoint row) waits for it, then finds the store newer and applies nothing', async (row) => {
    if (row === 'with') await Sql.of(readStore.dataSource).run(`INSERT INTO "projection_checkpoints" ("name", "position") VALUES ('log-instants', 0)`);
    let started!: () => void;
    const inside = new Promise<void>((resolve) => (started = resolve));
    let migrated = false;
    // The migration has written (SQLite: it holds the write lock; PostgreSQL: the checkpoints table from its start).
    const migration = upgrade({
      after: async () => {
        started();
        await sleep(300);
        migrated = true;
      },
    });
    await inside;
    const batch = await commitBatch(readStore.dataSource, new LogInstantsProjector(), logInstant(), { known: knownMigrations(readStore.dataSource) }).then(
      () => 'applied',
      (error: unknown) => (error instanceof Error ? `${error.name} after the migration: ${migrated}` : String(error)),
    );
    expect(batch).toBe('ReadStoreNewerError after the migration: true');
    await migration;
    expect(await tableRows(readStore.dataSource, 'log_instants')).toEqual([]);
    expect((await checkpoints())['log-instants']).toBe(row === 'with' ? 0 : undefined);
  });

  it('a migration that starts while a batch has checked the store and not committed waits for the batch', async () => {
    await Sql.of(readStore.dataSource).run(`INSERT INTO "projection_checkpoints" ("name", "position") VALUES ('subject-streams', 0)`);
    const order: string[] = [];
    let checked!: () => void;
    const inside = new Promise<void>((resolve) => (checked = resolve));
    const batch = commitBatch(readStore.dataSource, new SubjectStreamsProjector(), oneRegistration(), {
      expected: 0,
      known: knownMigrations(readStore.dataSource),
      beforeCommit: async () => {
        checked();
        await sleep(300);
        order.push('batch committing');
      },
    });
    await inside;
    // The marker goes before any statement of the migration's own: only the lock its transaction
    // takes first (the checkpoints table on PostgreSQL, the write lock on SQLite) can make it wait.
    await upgrade({ before: async () => void order.push('migration runs') });
    await batch;
    expect(order).toEqual(['batch committing', 'migration runs']);
    // The batch went in before the migration, which then reset the projection.
    expect(await checkpoints()).toEqual({ 'subject-streams': 0 });
  });

  (process.env.DATABASE_URL ? it : it.skip)('PostgreSQL: a migration held up by a batch stuck in its transaction gives up, names why, and changes nothing', async () => {
    const stuck = await release(READ_MODEL_MIGRATIONS);
    const runner = stuck.createQueryRunner();
    try {
      await runner.startTransaction();
      // A projector batch of a frozen process: the checkpoints table's row lock, never committed.
      await runner.query(`UPDATE "projection_checkpoints" SET "position" = "position" WHERE "name" = 'subject-streams'`);
      await expect(upgrade({}, 300)).rejects.toThrow(/migrations waited 0.3 s for projector batches holding projection_checkpoints and gave up/);
    } finally {
      await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
    expect(await newerMigrations(Sql.of(readStore.dataSource), knownMigrations(readStore.dataSource))).toEqual([]);
  });

  it('a rebuild by an older release fails before it makes a fresh table, and leaves the live ones', async () => {
    await registerInstitutions(store, 1, 4);
    const current = runner(readStore.dataSource, 60_000);
    await current.start();
    await current.stop();
    const old = await release(READ_MODEL_MIGRATIONS.slice(0, -1));
    await expect(rebuildProjections({ store, dataSource: old, projectors: [new SubjectStreamsProjector()] })).rejects.toThrow(
      `the read store was migrated by a newer release (migration ${LATEST} unknown to this one)`,
    );
    const sql = Sql.of(readStore.dataSource);
    const tables =
      sql.dialect === 'postgres'
        ? await sql.rows<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'subject_streams%'`)
        : await sql.rows<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'subject_streams%'`);
    expect(tables.map((t) => t.name)).toEqual(['subject_streams']);
    expect(await streams()).toBe(4);
  });
});
