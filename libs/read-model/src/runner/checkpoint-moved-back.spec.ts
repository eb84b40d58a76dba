import { SqliteEventStore } from '@app/event-store';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { openReadStore } from '../data-source';
import { LogInstantsProjector } from '../projectors/log-instants.projector';
import { SubjectStreamsProjector } from '../projectors/subject-streams.projector';
import { rebuildProjections } from '../rebuild/rebuild';
import { openTestReadStore, storedEvents, tableRows, TestReadStore } from '../testing/read-store-harness';
import { ensureCheckpoints, readCheckpoints } from './checkpoints';
import { commitBatch, ProjectionRunner } from './projection-runner';
import { eventually, recordingLogger, registerInstitutions, registration } from '../testing/runner-fixtures';

/**
 * A migration run by another process (a new API replica starting beside a running projector)
 * resets a projection to replay it: its checkpoint set to 0, or its row deleted, and its tables
 * emptied. The running projector must replay from there, not go on from where it was.
 */

const RESETS = {
  // As 1763960000000-public-listed-rows does.
  UPDATE: `UPDATE "projection_checkpoints" SET "position" = 0 WHERE "name" = 'subject-streams'`,
  // As 1763910000000-grey-list-valid-time does.
  DELETE: `DELETE FROM "projection_checkpoints" WHERE "name" = 'subject-streams'`,
} as const;

describe('ProjectionRunner: the stored checkpoint moved back by another process', () => {
  let readStore: TestReadStore;
  let other: DataSource;
  let store: SqliteEventStore;
  let runner: ProjectionRunner | undefined;
  const logger = recordingLogger();
  const { lines } = logger;
  const register = (from: number, to: number) => registerInstitutions(store, from, to);
  const statusOf = (name: string) => runner!.status().find((s) => s.name === name)!;
  /** The migration, in a connection of its own (another process). */
  const reset = (how: keyof typeof RESETS) =>
    other.transaction(async (manager) => {
      await manager.query(`DELETE FROM "subject_streams"`);
      await manager.query(RESETS[how]);
    });
  const rows = async () => (await tableRows(readStore.dataSource, 'subject_streams')).length;
  const stored = async () => (await readCheckpoints(readStore.dataSource)).get('subject-streams');

  beforeEach(async () => {
    lines.length = 0;
    readStore = await openTestReadStore('moved_back');
    other = await openReadStore(readStore.options);
    store = await SqliteEventStore.open({ filename: join(readStore.dir, 'events.sqlite'), synchronous: 'OFF', pollIntervalMs: 20 });
  });
  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
    await store.close();
    await other.destroy();
    await readStore.close();
    rmSync(readStore.dir, { recursive: true, force: true });
  });

  it.each(['UPDATE', 'DELETE'] as const)('%s of the checkpoint: the next live batch replays the projection from the stored position', async (how) => {
    await register(1, 10);
    // A timer round longer than the test: the batch itself must notice.
    runner = new ProjectionRunner(store, readStore.dataSource, [new LogInstantsProjector(), new SubjectStreamsProjector()], logger, undefined, { lockRetryMs: 60_000 });
    await runner.start();
    expect(await rows()).toBe(10);

    await reset(how);
    await register(11, 11);

    expect(await runner.waitFor(11, 5_000)).toBe(true);
    await eventually('the projection replayed', rows, (n) => n === 11);
    expect(await stored()).toBe(11);
    expect(statusOf('subject-streams')).toEqual({ name: 'subject-streams', position: 11 });
    const deleted = how === 'DELETE' ? ' (its row was deleted; created again)' : '';
    expect(lines).toContain(`warn checkpoint of subject-streams moved back from 10 to 0${deleted}: replaying from 0`);
    // The other projector was not touched, and applied event 11 once.
    expect(statusOf('log-instants')).toEqual({ name: 'log-instants', position: 11 });
    expect(await tableRows(readStore.dataSource, 'log_instants')).toHaveLength(11);
    expect(lines.filter((line) => line.startsWith('error'))).toEqual([]);

    // And it follows the log live afterwards.
    await register(12, 12);
    expect(await runner.waitFor(12, 5_000)).toBe(true);
    expect(await rows()).toBe(12);
  });

  it.each(['UPDATE', 'DELETE'] as const)('%s of the checkpoint while no event comes: the timer notices and replays', async (how) => {
    await register(1, 6);
    runner = new ProjectionRunner(store, readStore.dataSource, [new LogInstantsProjector(), new SubjectStreamsProjector()], logger, undefined, { lockRetryMs: 30 });
    await runner.start();
    await reset(how);
    await eventually('the projection replayed', rows, (n) => n === 6);
    expect(await eventually('its checkpoint', stored, (p) => p === 6)).toBe(6);
    expect(statusOf('subject-streams')).toEqual({ name: 'subject-streams', position: 6 });
    expect(lines).toContainEqual(expect.stringMatching(/^warn checkpoint of subject-streams moved back from 6 to 0.*: replaying from 0$/));
  });

  it('reset while the runner catches up at start: start() still returns once it has caught up, and the projection is replayed', async () => {
    await register(1, 30);
    let resetting: Promise<void> | undefined;
    runner = new ProjectionRunner(store, readStore.dataSource, [new LogInstantsProjector(), new SubjectStreamsProjector()], logger, undefined, {
      batchSize: 2,
      lockRetryMs: 60_000,
      // Once subject-streams has applied a few batches: the migration, in another process, lands
      // after this transaction (not awaited: it waits for the write lock or the row this holds).
      beforeCommit: (name, events) => {
        if (name === 'subject-streams' && events[0].position === 5 && !resetting) resetting = reset('UPDATE');
      },
    });
    const started = await Promise.race([runner.start().then(() => 'started'), new Promise((resolve) => setTimeout(() => resolve('start() hangs'), 8_000))]);
    expect(started).toBe('started');
    await resetting;
    expect(await runner.waitFor(30, 5_000)).toBe(true);
    await eventually('the projection replayed', rows, (n) => n === 30);
    expect(lines).toContainEqual(expect.stringMatching(/^warn checkpoint of subject-streams moved back from \d+ to 0: replaying from 0$/));
  });

  it('a rebuild that swapped tables in moves the checkpoint ahead: the runner goes on from there, nothing skipped or applied twice', async () => {
    await register(1, 4);
    // The runner's store polls rarely; events appended through another one (another process)
    // reach it only when this one appends.
    await store.close();
    store = await SqliteEventStore.open({ filename: join(readStore.dir, 'events.sqlite'), synchronous: 'OFF', pollIntervalMs: 60_000 });
    const writer = await SqliteEventStore.open({ filename: join(readStore.dir, 'events.sqlite'), synchronous: 'OFF' });
    try {
      runner = new ProjectionRunner(store, readStore.dataSource, [new LogInstantsProjector(), new SubjectStreamsProjector()], logger, undefined, { lockRetryMs: 30 });
      await runner.start();
      await registerInstitutions(writer, 5, 8);
      // `ledger rebuild --projection subject-streams` in its own process: swaps in tables at 8.
      await rebuildProjections({ store: writer, dataSource: other, projectors: [new SubjectStreamsProjector()] });
      expect(await stored()).toBe(8);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(statusOf('subject-streams').position).toBe(4);

      await register(9, 9);
      expect(await runner.waitFor(9, 5_000)).toBe(true);
      expect(await rows()).toBe(9);
      expect(await tableRows(readStore.dataSource, 'log_instants')).toHaveLength(9);
      expect(statusOf('subject-streams')).toEqual({ name: 'subject-streams', position: 9 });
      expect(lines.filter((line) => line.includes('moved back') || line.startsWith('error'))).toEqual([]);
    } finally {
      await writer.close();
    }
  });
});

describe('commitBatch with the position the caller expects the stored checkpoint at', () => {
  let readStore: TestReadStore;
  const projector = new SubjectStreamsProjector();
  const events = storedEvents(
    [1, 2, 3, 4].map((i) => ({ streamId: `institution-u${i}`, type: 'InstitutionRegistered', data: registration(i).data })),
    1,
  );

  beforeEach(async () => {
    readStore = await openTestReadStore('commit_batch');
    await ensureCheckpoints(readStore.dataSource, [projector.name]);
  });
  afterEach(() => readStore.close());

  it('a stored checkpoint behind it: applies nothing, writes nothing, says so', async () => {
    await commitBatch(readStore.dataSource, projector, events.slice(0, 2), { expected: 0 });
    await readStore.dataSource.query(`UPDATE "projection_checkpoints" SET "position" = 1 WHERE "name" = 'subject-streams'`);
    await expect(commitBatch(readStore.dataSource, projector, events.slice(2), { expected: 2 })).rejects.toMatchObject({
      name: 'CheckpointMovedBackError',
      projector: 'subject-streams',
      expected: 2,
      stored: 1,
      message: 'the checkpoint of subject-streams moved back from 2 to 1',
    });
    expect((await readCheckpoints(readStore.dataSource)).get('subject-streams')).toBe(1);
    expect(await tableRows(readStore.dataSource, 'subject_streams')).toHaveLength(2);
  });

  it('a missing row: applies nothing, creates nothing, says so (even at 0)', async () => {
    await readStore.dataSource.query(`DELETE FROM "projection_checkpoints"`);
    for (const expected of [0, 2]) {
      await expect(commitBatch(readStore.dataSource, projector, events.slice(2), { expected })).rejects.toMatchObject({
        name: 'CheckpointMovedBackError',
        expected,
        stored: undefined,
      });
    }
    expect((await readCheckpoints(readStore.dataSource)).has('subject-streams')).toBe(false);
    expect(await tableRows(readStore.dataSource, 'subject_streams')).toHaveLength(0);
  });

  it('a stored checkpoint ahead of it (a rebuild swapped tables in): skips what is applied', async () => {
    await commitBatch(readStore.dataSource, projector, events.slice(0, 3), { expected: 0 });
    expect(await commitBatch(readStore.dataSource, projector, events.slice(1), { expected: 1 })).toBe(4);
    expect(await tableRows(readStore.dataSource, 'subject_streams')).toHaveLength(4);
  });
});
