import { EventToAppend, SqliteEventStore, StoredEvent } from '@app/event-store';
import { ProjectionRunner, ProjectorLease, ProjectorLocks } from '@app/read-model';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Projector } from '../../../read-model/src/projectors/projector';
import { openTestReadStore, TestReadStore } from '../../../read-model/src/testing/read-store-harness';
import { ProjectionStatusService } from './projection-status.service';

class Flaky implements Projector {
  constructor(
    readonly name: string,
    private readonly broken: boolean,
  ) {}
  async apply(events: StoredEvent[]): Promise<void> {
    if (this.broken && events.some((e) => e.position === 3)) throw new Error('bug at 3');
  }
}

/** One lock per projector, shared by the runners of this test; `steal` takes a holder's lease away (its lock session died). */
class TestLocks implements ProjectorLocks {
  constructor(private readonly holders: Map<string, { lose: () => void }>) {}
  async tryAcquire(name: string): Promise<ProjectorLease | undefined> {
    if (this.holders.has(name)) return undefined;
    let lose!: () => void;
    const lost = new Promise<void>((resolve) => (lose = resolve));
    const holder = { lose };
    this.holders.set(name, holder);
    return { lost, release: async () => void (this.holders.get(name) === holder && this.holders.delete(name)) };
  }
  steal(name: string): void {
    const holder = this.holders.get(name)!;
    this.holders.delete(name);
    holder.lose();
  }
  async close(): Promise<void> {}
}

const registration = (i: number): EventToAppend => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  type: 'InstitutionRegistered',
  data: { uscc: `u${i}`, name: `n${i}`, kind: 'GOVERNMENT_ORGAN', regionCode: '370100' },
  metadata: { recordedAt: `2026-11-22T02:00:${String(i % 60).padStart(2, '0')}.000Z`, schemaVersion: 1, actor: { sub: 'test', role: 'registrar' } },
});

async function eventually<T>(what: string, read: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('ProjectionStatusService: a projector this process lost the lock of', () => {
  let readStore: TestReadStore;
  let store: SqliteEventStore;
  const runners: ProjectionRunner[] = [];
  const quiet = { log: () => undefined, error: () => undefined, warn: () => undefined };

  beforeEach(async () => {
    readStore = await openTestReadStore('standby_status');
    store = await SqliteEventStore.open({ filename: join(readStore.dir, 'events.sqlite'), synchronous: 'OFF', pollIntervalMs: 20 });
  });
  afterEach(async () => {
    for (const runner of runners.splice(0)) await runner.stop();
    await store.close();
    await readStore.close();
    rmSync(readStore.dir, { recursive: true, force: true });
  });

  it('is reported as the new holder stored it, not with the failure this process had', async () => {
    for (let i = 1; i <= 5; i += 1) await store.append(`institution-u${i}`, [registration(i)], 'no_stream');
    const holders = new Map<string, { lose: () => void }>();
    const locksH = new TestLocks(holders);
    const h = new ProjectionRunner(store, readStore.dataSource, [new Flaky('px', true)], quiet, undefined, { locks: locksH, lockRetryMs: 30 });
    runners.push(h);
    await h.start();
    await eventually('px to fail in H', () => h.status()[0], (s) => s.failed !== undefined);

    // H's lock session dies; S (the bug fixed, a newer version) takes over and runs past 3.
    locksH.steal('px');
    await eventually('H to stand by', () => h.status()[0], (s) => s.standby === true);
    expect(h.status()[0].failed).toBeUndefined();
    const s = new ProjectionRunner(store, readStore.dataSource, [new Flaky('px', false)], quiet, undefined, { locks: new TestLocks(holders), lockRetryMs: 30 });
    runners.push(s);
    await s.start();
    expect(s.status()).toEqual([{ name: 'px', position: 5 }]);

    const service = new ProjectionStatusService({ runProjectors: true } as never, h, readStore.dataSource);
    expect(await service.projectors()).toEqual([{ name: 'px', position: 5, standby: true }]);
  });

  it('a standby shows the failure the holder stored, and only that', async () => {
    for (let i = 1; i <= 5; i += 1) await store.append(`institution-u${i}`, [registration(i)], 'no_stream');
    const holders = new Map<string, { lose: () => void }>();
    const holder = new ProjectionRunner(store, readStore.dataSource, [new Flaky('px', true)], quiet, undefined, { locks: new TestLocks(holders), lockRetryMs: 30 });
    runners.push(holder);
    await holder.start();
    const standby = new ProjectionRunner(store, readStore.dataSource, [new Flaky('px', true)], quiet, undefined, { locks: new TestLocks(holders), lockRetryMs: 30 });
    runners.push(standby);
    await standby.start();
    const service = new ProjectionStatusService({ runProjectors: true } as never, standby, readStore.dataSource);
    expect(await service.projectors()).toEqual([
      { name: 'px', position: 2, standby: true, failed: { position: 3, eventType: 'InstitutionRegistered', message: 'bug at 3' } },
    ]);
  });
});
