import { SqliteEventStore } from '@app/event-store';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogInstantsProjector } from '../projectors/log-instants.projector';
import { SubjectStreamsProjector } from '../projectors/subject-streams.projector';
import { openTestReadStore, TestReadStore } from '../testing/read-store-harness';
import { eventually, recordingLogger, registerInstitutions } from '../testing/runner-fixtures';
import { ProjectionRunner } from './projection-runner';
import { SqliteFileLocks } from './projector-locks';

/**
 * A takeover round that fails part-way (the second lock file cannot be opened for a moment: an
 * I/O error, too many open files) must not keep the locks it took before the failure: they
 * would be held by no projector of this process, and no other process could take them either.
 */
describe('projection runner: a takeover that fails part-way frees the locks it took', () => {
  let readStore: TestReadStore;
  let store: SqliteEventStore;
  let lockDir: string;
  let runner: ProjectionRunner | undefined;
  const others: SqliteFileLocks[] = [];

  beforeEach(async () => {
    readStore = await openTestReadStore('takeover-lock-error');
    store = await SqliteEventStore.open({ filename: join(readStore.dir, 'events.sqlite'), synchronous: 'OFF' });
    lockDir = mkdtempSync(join(tmpdir(), 'ledger-takeover-locks-'));
  });
  afterEach(async () => {
    await runner?.stop();
    for (const other of others.splice(0)) await other.close();
    await store.close();
    await readStore.close();
    rmSync(lockDir, { recursive: true, force: true });
  });

  it('the projector whose lock it took first runs here once the error is gone, and no lock is stranded', async () => {
    await registerInstitutions(store, 1, 5);
    // Another process holds both projectors; this one starts on standby.
    const holder = new SqliteFileLocks(lockDir);
    others.push(holder);
    const held = [await holder.tryAcquire('log-instants'), await holder.tryAcquire('subject-streams')];
    expect(held.every(Boolean)).toBe(true);
    const logger = recordingLogger();
    runner = new ProjectionRunner(store, readStore.dataSource, [new LogInstantsProjector(), new SubjectStreamsProjector()], logger, undefined, {
      lockRetryMs: 30,
      locks: new SqliteFileLocks(lockDir),
    });
    await runner.start();
    expect(runner.status().every((p) => p.standby)).toBe(true);

    // The holder goes; for a while the second lock's file cannot be opened (a directory in its place).
    const lockFile = join(lockDir, 'subject-streams.lock');
    rmSync(lockFile, { force: true });
    mkdirSync(lockFile);
    for (const lease of held) await lease!.release();
    await eventually('a takeover round to fail', () => logger.lines.join('\n'), (text) => /cannot reach the read store or its locks/.test(text));
    rmSync(lockFile, { recursive: true, force: true });
    const status = await eventually('both projectors to run here', () => runner!.status(), (now) => now.every((p) => !p.standby && p.position === 5));
    expect(status.map((p) => p.name).sort()).toEqual(['log-instants', 'subject-streams']);
    const third = new SqliteFileLocks(lockDir);
    others.push(third);
    expect(await third.tryAcquire('log-instants')).toBeUndefined();
    expect(await third.tryAcquire('subject-streams')).toBeUndefined();
  });
});
