import { SqliteEventStore } from '@app/event-store';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { LogInstantsProjector } from '../projectors/log-instants.projector';
import { rebuildProjections } from '../rebuild/rebuild';
import { openTestReadStore, tableRows, TestReadStore } from '../testing/read-store-harness';
import { ProjectionRunner } from './projection-runner';
import { eventually, FlakySubjectStreams, recordingLogger, registerInstitutions } from '../testing/runner-fixtures';

describe('ProjectionRunner: a projector that fails', () => {
  let readStore: TestReadStore;
  let store: SqliteEventStore;
  let runner: ProjectionRunner | undefined;
  const logger = recordingLogger();
  const { lines } = logger;
  const register = (from: number, to: number) => registerInstitutions(store, from, to);
  const statusOf = (name: string) => runner!.status().find((s) => s.name === name)!;

  beforeEach(async () => {
    lines.length = 0;
    readStore = await openTestReadStore('runner');
    store = await SqliteEventStore.open({ filename: join(readStore.dir, 'events.sqlite'), synchronous: 'OFF' });
  });
  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
    await store.close();
    await readStore.close();
    rmSync(readStore.dir, { recursive: true, force: true });
  });

  it('stops at the failing event and says so, the others go on; a rebuild past the failure makes it run again without a restart', async () => {
    const flaky = new FlakySubjectStreams('institution-u6');
    await register(1, 10);
    runner = new ProjectionRunner(store, readStore.dataSource, [new LogInstantsProjector(), flaky], logger, undefined, { batchSize: 4, lockRetryMs: 30 });
    await runner.start();

    // Applied one by one up to the culprit, which is named; nothing after it is skipped silently.
    const failed = await eventually('the failure', () => statusOf('subject-streams'), (s) => s.failed !== undefined);
    expect(failed).toEqual({
      name: 'subject-streams',
      position: 5,
      failed: { position: 6, eventType: 'InstitutionRegistered', message: expect.stringContaining('the disk said no') },
    });
    expect(lines).toContainEqual(expect.stringMatching(/^error projector subject-streams stopped at position 6 \(InstitutionRegistered\): the disk said no/));
    expect(await tableRows(readStore.dataSource, 'subject_streams')).toHaveLength(5);
    await register(11, 12);
    await eventually('log-instants to follow the log', () => statusOf('log-instants').position, (p) => p === 12);
    expect(await tableRows(readStore.dataSource, 'log_instants')).toHaveLength(12);
    // Still stopped, still at 5, while the others go on.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(statusOf('subject-streams')).toMatchObject({ position: 5, failed: { position: 6 } });
    expect(runner.position).toBe(5);

    // The cause is gone; the operator rebuilds that projector (as `ledger rebuild --projection subject-streams` does).
    flaky.broken = false;
    await rebuildProjections({ store, dataSource: readStore.dataSource, projectors: [flaky] });
    const resumed = await eventually('the projector to run again', () => statusOf('subject-streams'), (s) => s.failed === undefined);
    expect(resumed).toEqual({ name: 'subject-streams', position: 12 });
    expect(lines).toContainEqual('log projector subject-streams runs again from position 12: a rebuild applied the log past its failure at 6');
    expect(await runner.waitFor(12, 5_000)).toBe(true);

    // And it follows the log live again.
    await register(13, 13);
    expect(await runner.waitFor(13, 5_000)).toBe(true);
    expect(await tableRows(readStore.dataSource, 'subject_streams')).toHaveLength(13);
    expect(await tableRows(readStore.dataSource, 'log_instants')).toHaveLength(13);
  });

  it('a failed projector whose checkpoint has not passed the failure stays stopped', async () => {
    const flaky = new FlakySubjectStreams('institution-u2');
    await register(1, 3);
    runner = new ProjectionRunner(store, readStore.dataSource, [new LogInstantsProjector(), flaky], logger, undefined, { batchSize: 10, lockRetryMs: 30 });
    await runner.start();
    await eventually('the failure', () => statusOf('subject-streams'), (s) => s.failed !== undefined);
    // A rebuild that fails the same way swaps nothing in: the projector stays where it stopped.
    await expect(rebuildProjections({ store, dataSource: readStore.dataSource, projectors: [flaky] })).rejects.toThrow('the disk said no');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(statusOf('subject-streams')).toMatchObject({ position: 1, failed: { position: 2 } });
    expect(lines.filter((line) => line.includes('runs again'))).toEqual([]);
  });
});
