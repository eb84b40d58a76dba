import { SqliteEventStore } from '@app/event-store';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { openReadStore } from '../data-source';
import { ProjectorFailures1764005000000 } from '../migrations/1764005000000-projector-failures';
import { LogInstantsProjector } from '../projectors/log-instants.projector';
import { SubjectStreamsProjector } from '../projectors/subject-streams.projector';
import { rebuildProjections } from '../rebuild/rebuild';
import { openTestReadStore, runMigration, tableRows, TestReadStore } from '../testing/read-store-harness';
import { ProjectionRunner } from './projection-runner';
import { noLocks } from './projector-locks';
import { eventually, FlakySubjectStreams, registerInstitutions } from '../testing/runner-fixtures';

/** A process that does not run the projectors (an API replica) reads their status from the checkpoints table. */
describe('ProjectionRunner: a failure is stored beside the checkpoint, for the processes that do not run the projector', () => {
  let readStore: TestReadStore;
  let elsewhere: DataSource;
  let store: SqliteEventStore;
  let runner: ProjectionRunner | undefined;
  const quiet = { log: () => undefined, error: () => undefined, warn: () => undefined };
  const register = (from: number, to: number) => registerInstitutions(store, from, to);
  /** What an API-only replica's runner (never started) says, on a connection of its own. */
  const seenElsewhere = () => new ProjectionRunner(store, elsewhere, [new LogInstantsProjector(), new SubjectStreamsProjector()], quiet, undefined, { locks: noLocks }).storedStatus();
  const failure = { position: 3, eventType: 'InstitutionRegistered', message: 'the disk said no (institution-u3)' };

  beforeEach(async () => {
    readStore = await openTestReadStore('stored_failures');
    elsewhere = await openReadStore(readStore.options);
    store = await SqliteEventStore.open({ filename: join(readStore.dir, 'events.sqlite'), synchronous: 'OFF', pollIntervalMs: 20 });
  });
  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
    await store.close();
    await elsewhere.destroy();
    await readStore.close();
    rmSync(readStore.dir, { recursive: true, force: true });
  });

  it('shows where the holder stopped, and no more once a rebuild has made it run again', async () => {
    const flaky = new FlakySubjectStreams('institution-u3');
    await register(1, 5);
    runner = new ProjectionRunner(store, readStore.dataSource, [new LogInstantsProjector(), flaky], quiet, undefined, { lockRetryMs: 30 });
    await runner.start();
    await eventually('the failure', () => runner!.status(), (s) => s.some((p) => p.failed));

    expect(await seenElsewhere()).toEqual([
      { name: 'log-instants', position: 5 },
      { name: 'subject-streams', position: 2, failed: failure },
    ]);

    flaky.broken = false;
    await rebuildProjections({ store, dataSource: elsewhere, projectors: [flaky] });
    await eventually('the projector to run again', () => runner!.status(), (s) => s.every((p) => !p.failed));
    expect(await seenElsewhere()).toEqual([
      { name: 'log-instants', position: 5 },
      { name: 'subject-streams', position: 5 },
    ]);
    const stored = await tableRows(readStore.dataSource, 'projection_checkpoints');
    expect(stored.map((row) => [row.name, row.failed_position, row.failed_event_type, row.failed_message])).toEqual([
      ['log-instants', null, null, null],
      ['subject-streams', null, null, null],
    ]);
  });

  it('a failure left behind by a holder that is gone no longer counts once the checkpoint has passed it; one that takes over clears it', async () => {
    const flaky = new FlakySubjectStreams('institution-u3');
    await register(1, 5);
    runner = new ProjectionRunner(store, readStore.dataSource, [new LogInstantsProjector(), flaky], quiet, undefined, { lockRetryMs: 30 });
    await runner.start();
    await eventually('the failure', () => runner!.status(), (s) => s.some((p) => p.failed));
    await runner.stop();
    runner = undefined;
    // The holder is gone; its failure stays stored (the others still say so).
    expect((await seenElsewhere())[1]).toEqual({ name: 'subject-streams', position: 2, failed: failure });

    flaky.broken = false;
    await rebuildProjections({ store, dataSource: elsewhere, projectors: [flaky] });
    expect((await seenElsewhere())[1]).toEqual({ name: 'subject-streams', position: 5 });

    // A failure stored ahead of the checkpoint by a holder that is gone: one that takes over clears it, and applies the event.
    await register(6, 6);
    await elsewhere.query(`UPDATE "projection_checkpoints" SET "failed_position" = 6, "failed_event_type" = 'X', "failed_message" = 'old' WHERE "name" = 'subject-streams'`);
    expect((await seenElsewhere())[1]).toEqual({ name: 'subject-streams', position: 5, failed: { position: 6, eventType: 'X', message: 'old' } });
    runner = new ProjectionRunner(store, readStore.dataSource, [new LogInstantsProjector(), flaky], quiet, undefined, { lockRetryMs: 30 });
    await runner.start();
    expect(await seenElsewhere()).toEqual([
      { name: 'log-instants', position: 6 },
      { name: 'subject-streams', position: 6 },
    ]);
    const [row] = (await tableRows(readStore.dataSource, 'projection_checkpoints')).filter((r) => r.name === 'subject-streams');
    expect(row).toMatchObject({ failed_position: null, failed_message: null });
  });

  it('the migration adds the columns, and takes them away again', async () => {
    await runMigration(readStore.dataSource, new ProjectorFailures1764005000000(), 'down');
    await readStore.dataSource.query(`INSERT INTO "projection_checkpoints" ("name", "position") VALUES ('subject-streams', 7)`);
    expect(await tableRows(readStore.dataSource, 'projection_checkpoints')).toEqual([{ name: 'subject-streams', position: 7 }]);
    await runMigration(readStore.dataSource, new ProjectorFailures1764005000000(), 'up');
    expect(await tableRows(readStore.dataSource, 'projection_checkpoints')).toEqual([
      { name: 'subject-streams', position: 7, failed_position: null, failed_event_type: null, failed_message: null },
    ]);
  });
});
