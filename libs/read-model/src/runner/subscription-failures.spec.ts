import { currentSchemaVersion, isDomainEventType, upcast } from '@app/domain';
import { EventToAppend, SqliteEventStore, StoredEvent } from '@app/event-store';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { LogInstantsProjector } from '../projectors/log-instants.projector';
import { SubjectStreamsProjector } from '../projectors/subject-streams.projector';
import { openTestReadStore, tableRows, TestReadStore } from '../testing/read-store-harness';
import { ensureCheckpoints, readCheckpoints } from './checkpoints';
import { ProjectionRunner } from './projection-runner';
import { eventually, recordingLogger, registerInstitutions, registration, sleep } from '../testing/runner-fixtures';

/** What the service hands the runner (libs/application upcastStoredEvent), on the domain's real upcasters. */
function upcastStoredEvent(event: StoredEvent): StoredEvent {
  const schemaVersion = Number(event.metadata.schemaVersion ?? 1);
  if (isDomainEventType(event.type) && schemaVersion === currentSchemaVersion(event.type)) return event;
  const current = upcast({ type: event.type, schemaVersion, data: event.data });
  return { ...event, data: current.data as Record<string, unknown> };
}

/** A type this version does not know: written by a newer replica in a rolling deploy. */
const merged = (i: number): EventToAppend => ({
  id: `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`,
  type: 'InstitutionMerged',
  data: { into: 'u1' },
  metadata: { recordedAt: '2026-11-22T03:00:00.000Z', schemaVersion: 1, actor: { sub: 'test', role: 'registrar' } },
});

/** A statement on the event store's file through a connection of its own (another process). */
function onEventFile(filename: string, sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(filename, (opened) => {
      if (opened) return reject(opened);
      db.exec(`PRAGMA busy_timeout = 10000; ${sql}`, (error) => db.close(() => (error ? reject(error) : resolve())));
    });
  });
}

describe('ProjectionRunner: events it cannot read, and a subscription that fails', () => {
  let readStore: TestReadStore;
  let store: SqliteEventStore;
  let eventsFile: string;
  let runner: ProjectionRunner | undefined;
  const logger = recordingLogger();
  const { lines } = logger;
  const register = (from: number, to: number) => registerInstitutions(store, from, to);
  const projectors = () => [new LogInstantsProjector(), new SubjectStreamsProjector()];
  const statusOf = (name: string) => runner!.status().find((s) => s.name === name)!;

  beforeEach(async () => {
    lines.length = 0;
    readStore = await openTestReadStore('sub_failures');
    eventsFile = join(readStore.dir, 'events.sqlite');
    store = await SqliteEventStore.open({ filename: eventsFile, synchronous: 'OFF', pollIntervalMs: 20 });
  });
  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
    await store.close();
    await readStore.close();
    rmSync(readStore.dir, { recursive: true, force: true });
  });

  it('an event of an unknown type stops every projector at it, after the events before it in the batch, with its type and reason, and says so', async () => {
    await register(1, 3);
    await store.append('institution-future', [merged(4)], 'no_stream');
    await register(5, 6);
    runner = new ProjectionRunner(store, readStore.dataSource, projectors(), logger, upcastStoredEvent, { batchSize: 100, lockRetryMs: 30 });
    await runner.start();

    const failed = { position: 4, eventType: 'InstitutionMerged', message: 'unknown event type InstitutionMerged' };
    expect(runner.status()).toEqual([
      { name: 'log-instants', position: 3, failed },
      { name: 'subject-streams', position: 3, failed },
    ]);
    expect(lines).toContain('error projector log-instants stopped at position 4 (InstitutionMerged): unknown event type InstitutionMerged');
    expect(lines).toContain('error projector subject-streams stopped at position 4 (InstitutionMerged): unknown event type InstitutionMerged');
    expect(await tableRows(readStore.dataSource, 'subject_streams')).toHaveLength(3);
    expect((await readCheckpoints(readStore.dataSource)).get('subject-streams')).toBe(3);
    expect(runner.position).toBe(3);
    expect(runner.subscriptionError).toBeUndefined();

    // Nothing after it is applied, live either: they stay stopped, never skipping it.
    await register(7, 7);
    await sleep(200);
    expect(statusOf('subject-streams')).toEqual({ name: 'subject-streams', position: 3, failed });
    expect(await tableRows(readStore.dataSource, 'log_instants')).toHaveLength(3);

    // A restart says the same, instead of failing to start.
    await runner.stop();
    runner = new ProjectionRunner(store, readStore.dataSource, projectors(), logger, upcastStoredEvent, { batchSize: 2, lockRetryMs: 30 });
    await runner.start();
    expect(runner.status()).toEqual([
      { name: 'log-instants', position: 3, failed },
      { name: 'subject-streams', position: 3, failed },
    ]);
  });

  it('one arriving live in the middle of a batch: the events before it are applied, the projectors stop at it', async () => {
    await register(1, 2);
    // The runner's store polls rarely; what another process appends reaches it in one batch when this one appends.
    await store.close();
    store = await SqliteEventStore.open({ filename: eventsFile, synchronous: 'OFF', pollIntervalMs: 60_000 });
    const writer = await SqliteEventStore.open({ filename: eventsFile, synchronous: 'OFF' });
    try {
      runner = new ProjectionRunner(store, readStore.dataSource, projectors(), logger, upcastStoredEvent, { batchSize: 100, lockRetryMs: 30 });
      await runner.start();
      expect(runner.position).toBe(2);
      await registerInstitutions(writer, 3, 4);
      await writer.append('institution-future', [merged(5)], 'no_stream');
      await writer.append('institution-u6', [registration(6)], 'no_stream');
      await register(7, 7);

      const failed = await eventually('the failure', () => statusOf('subject-streams'), (s) => s.failed !== undefined);
      expect(failed).toEqual({ name: 'subject-streams', position: 4, failed: { position: 5, eventType: 'InstitutionMerged', message: 'unknown event type InstitutionMerged' } });
      expect(statusOf('log-instants')).toMatchObject({ position: 4, failed: { position: 5 } });
      expect(await tableRows(readStore.dataSource, 'subject_streams')).toHaveLength(4);
      expect(await tableRows(readStore.dataSource, 'log_instants')).toHaveLength(4);
      expect(runner.subscriptionError).toBeUndefined();
    } finally {
      await writer.close();
    }
  });

  it('a subscription that fails (checkpoints beyond the head of a log restored from an older backup) is followed again with a backoff, and says so meanwhile', async () => {
    await register(1, 3);
    await ensureCheckpoints(readStore.dataSource, ['log-instants', 'subject-streams']);
    await readStore.dataSource.query(`UPDATE "projection_checkpoints" SET "position" = 6`);
    runner = new ProjectionRunner(store, readStore.dataSource, projectors(), logger, upcastStoredEvent, { lockRetryMs: 20 });
    // Starts (the service boots and says what is wrong) instead of throwing.
    await runner.start();

    const trouble = await eventually('the subscription error', () => runner!.subscriptionError, (e) => e !== undefined && e.attempts >= 3);
    expect(trouble).toMatchObject({ message: 'subscription starts at position 6, beyond the log head 3', since: expect.any(String), retryAt: expect.any(String) });
    expect(runner.status().map((s) => s.failed)).toEqual([undefined, undefined]);
    // With a backoff: 20, 40, 80, 160, 320 ms... not a try (and a line) per round of the timer.
    await sleep(600);
    const failures = lines.filter((line) => line.startsWith('error projection subscription failed'));
    expect(failures.length).toBeGreaterThanOrEqual(3);
    expect(failures.length).toBeLessThanOrEqual(7);
    expect(failures[0]).toMatch(/^error projection subscription failed \(attempt 1\): SubscriptionBeyondHeadError: subscription starts at position 6, beyond the log head 3\n/);
    expect(failures[1]).toBe('error projection subscription failed (attempt 2): subscription starts at position 6, beyond the log head 3; following the log again from the checkpoints in 40 ms');

    // The log reaches the checkpoints again: it follows on from there without a restart.
    await register(4, 7);
    expect(await runner.waitFor(7, 10_000)).toBe(true);
    await eventually('the error to clear', () => runner!.subscriptionError, (e) => e === undefined);
    expect(lines).toContainEqual(expect.stringMatching(/^log projection subscription follows the log again \(after \d+ failures since /));
    expect(statusOf('subject-streams')).toEqual({ name: 'subject-streams', position: 7 });
    expect(await tableRows(readStore.dataSource, 'subject_streams')).toHaveLength(1);
  });

  it('a read error of the store ends the subscription: it is followed again from the checkpoints once the store reads again, nothing skipped', async () => {
    await register(1, 3);
    runner = new ProjectionRunner(store, readStore.dataSource, projectors(), logger, upcastStoredEvent, { lockRetryMs: 20 });
    await runner.start();
    expect(runner.position).toBe(3);

    // The log's table out of reach for a moment (as a broken disk or a botched restore would make it).
    await onEventFile(eventsFile, 'ALTER TABLE events RENAME TO events_away');
    const trouble = await eventually('the subscription error', () => runner!.subscriptionError, (e) => e !== undefined);
    expect(trouble!.message).toMatch(/no such table/);
    await onEventFile(eventsFile, 'ALTER TABLE events_away RENAME TO events');

    await register(4, 5);
    expect(await runner.waitFor(5, 10_000)).toBe(true);
    await eventually('the error to clear', () => runner!.subscriptionError, (e) => e === undefined);
    expect(await tableRows(readStore.dataSource, 'subject_streams')).toHaveLength(5);
    expect(runner.status()).toEqual([
      { name: 'log-instants', position: 5 },
      { name: 'subject-streams', position: 5 },
    ]);
  });
});
