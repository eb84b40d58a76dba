import { SqliteEventStore, StoredEvent } from '@app/event-store';
import { PostgresAdvisoryLocks, ProjectionRunner, ProjectorLease, ProjectorLocks, SqliteFileLocks } from '@app/read-model';
import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { join } from 'node:path';
import type { Projector } from '../../../read-model/src/projectors/projector';
import { openTestReadStore, TestReadStore } from '../../../read-model/src/testing/read-store-harness';
import { eventually, registerInstitutions } from '../../../read-model/src/testing/runner-fixtures';
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

/**
 * SqliteFileLocks that can lose a lock. A file lock is lost only with its process (the kernel
 * drops it when the process dies), so the real locks never report a lease lost to a process that
 * goes on running, and this spec cannot kill the holder and still read its status. `lose` stages
 * it: it frees the real file lock, as the holder's death would, and reports the lease lost, as
 * PostgresAdvisoryLocks does when its lock session dies. Taking and excluding are the real locks'.
 */
class LosableFileLocks implements ProjectorLocks {
  private readonly inner: SqliteFileLocks;
  private readonly held = new Map<string, { lease: ProjectorLease; markLost: () => void }>();

  constructor(dir: string) {
    this.inner = new SqliteFileLocks(dir);
  }

  async tryAcquire(name: string): Promise<ProjectorLease | undefined> {
    const lease = await this.inner.tryAcquire(name);
    if (!lease) return undefined;
    let markLost!: () => void;
    const lost = new Promise<void>((resolve) => (markLost = resolve));
    const holding = { lease, markLost };
    this.held.set(name, holding);
    return {
      lost,
      release: async () => {
        if (this.held.get(name) === holding) this.held.delete(name);
        await lease.release();
      },
    };
  }

  async lose(name: string): Promise<void> {
    const holding = this.held.get(name);
    if (!holding) throw new Error(`${name}: no lock held here to lose`);
    this.held.delete(name);
    await holding.lease.release();
    holding.markLost();
  }

  async close(): Promise<void> {
    this.held.clear();
    await this.inner.close();
  }
}

/**
 * The deployment's projector locks for this read store, as the service makes them (each call:
 * another process's): advisory locks on PostgreSQL, file locks beside a SQLite read store.
 */
function locksFor(readStore: TestReadStore): ProjectorLocks {
  return readStore.options.kind === 'postgres'
    ? new PostgresAdvisoryLocks(readStore.options.url, readStore.options.schema ?? 'public')
    : new LosableFileLocks(join(readStore.dir, 'locks'));
}

/**
 * The lock of `projector` that `locks` holds is lost, as when its lock session dies: on PostgreSQL
 * the server ends the session holding the advisory lock (pg_terminate_backend, from another
 * session); on SQLite see LosableFileLocks.
 */
async function loseLock(readStore: TestReadStore, locks: ProjectorLocks, projector: string): Promise<void> {
  if (readStore.options.kind !== 'postgres') return (locks as LosableFileLocks).lose(projector);
  const admin = new Client({ connectionString: readStore.options.url });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ terminated: boolean }>(
      `SELECT pg_terminate_backend(l.pid) AS terminated FROM pg_locks l
        WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
          AND l.classid = hashtext('ledger-projector')::oid AND l.objid = hashtext($1)::oid`,
      [`${readStore.options.schema ?? 'public'}:${projector}`],
    );
    expect(rows).toEqual([{ terminated: true }]);
  } finally {
    await admin.end();
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
    await registerInstitutions(store, 1, 5);
    const locksH = locksFor(readStore);
    // H's timer round is longer than the test: once its lock is freed, S (not H again) takes it.
    const h = new ProjectionRunner(store, readStore.dataSource, [new Flaky('px', true)], quiet, undefined, { locks: locksH, lockRetryMs: 60_000 });
    runners.push(h);
    await h.start();
    await eventually('px to fail in H', () => h.status()[0], (s) => s.failed !== undefined);

    // H's lock session dies; S (the bug fixed, a newer version) takes over and runs past 3.
    await loseLock(readStore, locksH, 'px');
    await eventually('H to stand by', () => h.status()[0], (s) => s.standby === true);
    expect(h.status()[0].failed).toBeUndefined();
    const s = new ProjectionRunner(store, readStore.dataSource, [new Flaky('px', false)], quiet, undefined, { locks: locksFor(readStore), lockRetryMs: 30 });
    runners.push(s);
    await s.start();
    expect(s.status()).toEqual([{ name: 'px', position: 5 }]);

    const service = new ProjectionStatusService({ runProjectors: true } as never, h, readStore.dataSource);
    expect(await service.projectors()).toEqual([{ name: 'px', position: 5, standby: true }]);
  });

  it('a standby shows the failure the holder stored, and only that', async () => {
    await registerInstitutions(store, 1, 5);
    const holder = new ProjectionRunner(store, readStore.dataSource, [new Flaky('px', true)], quiet, undefined, { locks: locksFor(readStore), lockRetryMs: 30 });
    runners.push(holder);
    await holder.start();
    const standby = new ProjectionRunner(store, readStore.dataSource, [new Flaky('px', true)], quiet, undefined, { locks: locksFor(readStore), lockRetryMs: 30 });
    runners.push(standby);
    await standby.start();
    const service = new ProjectionStatusService({ runProjectors: true } as never, standby, readStore.dataSource);
    expect(await service.projectors()).toEqual([
      { name: 'px', position: 2, standby: true, failed: { position: 3, eventType: 'InstitutionRegistered', message: 'bug at 3' } },
    ]);
  });
});
