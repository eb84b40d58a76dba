import { SqliteEventStore, StoredEvent } from '@app/event-store';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { EntityManager } from 'typeorm';
import type { Projector } from '../projectors/projector';
import { openTestReadStore, TestReadStore } from '../testing/read-store-harness';
import { readCheckpointStatus } from './checkpoints';
import { isConnectionError, ProjectionRunner } from './projection-runner';
import { recordingLogger, registerInstitutions, sleep } from '../testing/runner-fixtures';

const within = <T>(ms: number, promise: Promise<T>): Promise<T | 'still waiting'> =>
  Promise.race([promise, sleep(ms).then(() => 'still waiting' as const)]);

/**
 * A bug on one code path: a statement with the wrong number of parameters (PostgreSQL answers
 * 08P01 protocol_violation; SQLite SQLITE_RANGE).
 */
class Buggy implements Projector {
  readonly name = 'buggy';
  async apply(events: StoredEvent[], manager: EntityManager): Promise<void> {
    for (const e of events) {
      if (e.position !== 3) continue;
      if (manager.connection.options.type === 'postgres') await manager.query('SELECT $1::int + $2::int', [1]);
      else await manager.query('SELECT ? + ?', [1, 2, 3]);
    }
  }
}
class Recording implements Projector {
  applied: number[] = [];
  constructor(readonly name: string) {}
  async apply(events: StoredEvent[]): Promise<void> {
    this.applied.push(...events.map((e) => e.position));
  }
}
/** The read store drops the connection under this projector's batches until `until` (its session dies; the store is up). */
class CutOff implements Projector {
  calls = 0;
  constructor(
    readonly name: string,
    private until: number,
    private readonly delayMs = 0,
  ) {}
  async apply(): Promise<void> {
    this.calls += 1;
    if (this.delayMs) await sleep(this.delayMs);
    if (Date.now() < this.until) throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
  }
  heal(): void {
    this.until = 0;
  }
}

const url = process.env.DATABASE_URL;

describe('isConnectionError: only the connection, not the statement', () => {
  it('class 08 failures of the connection are outages; 08P01 (protocol_violation) is not', () => {
    for (const code of ['08000', '08003', '08006', '08001', '08004']) expect([code, isConnectionError(Object.assign(new Error('x'), { code }))]).toEqual([code, true]);
    expect(isConnectionError(Object.assign(new Error('bind message supplies 1 parameters, but prepared statement "" requires 2'), { code: '08P01' }))).toBe(false);
    expect(isConnectionError(Object.assign(new Error('x'), { code: '08007' }))).toBe(false);
  });

  it('a full or failing disk is waited out on either store', () => {
    for (const code of ['53100', 'SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_IOERR_WRITE', 'SQLITE_CANTOPEN']) {
      expect([code, isConnectionError({ driverError: Object.assign(new Error('x'), { code }) })]).toEqual([code, true]);
    }
    for (const code of ['SQLITE_ERROR', 'SQLITE_CONSTRAINT', 'SQLITE_MISMATCH', 'SQLITE_TOOBIG']) expect([code, isConnectionError(Object.assign(new Error('x'), { code }))]).toEqual([code, false]);
  });

  (url ? it : it.skip)('PostgreSQL: a bind with a parameter missing, through the driver as it throws it', async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const error = await client.query('SELECT $1::int + $2::int', [1]).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((error as { code?: string }).code).toBe('08P01');
      expect(isConnectionError(error)).toBe(false);
      // The connection is fine afterwards: nothing to wait out.
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await client.end();
    }
  });
});

describe('ProjectionRunner: bounds of an outage', () => {
  let readStore: TestReadStore;
  let store: SqliteEventStore;
  let runner: ProjectionRunner | undefined;
  const logger = recordingLogger();
  const { lines } = logger;
  const register = (from: number, to: number) => registerInstitutions(store, from, to);

  beforeEach(async () => {
    lines.length = 0;
    readStore = await openTestReadStore('outage_bounds');
    store = await SqliteEventStore.open({ filename: join(readStore.dir, 'events.sqlite'), synchronous: 'OFF', pollIntervalMs: 20 });
  });
  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
    await store.close();
    await readStore.close();
    rmSync(readStore.dir, { recursive: true, force: true });
  });

  it('a statement bug stops its projector at the event, start() returns and the others go on', async () => {
    await register(1, 5);
    const good = new Recording('good');
    runner = new ProjectionRunner(store, readStore.dataSource, [new Buggy(), good], logger, undefined, { batchSize: 2, outageRetryMs: 50 });
    expect(await within(5000, runner.start().then(() => 'started'))).toBe('started');
    expect(good.applied).toEqual([1, 2, 3, 4, 5]);
    expect(runner.status()).toEqual([
      { name: 'buggy', position: 2, failed: { position: 3, eventType: 'InstitutionRegistered', message: expect.any(String) } },
      { name: 'good', position: 5 },
    ]);
    expect((await readCheckpointStatus(readStore.dataSource)).get('buggy')).toMatchObject({ failed: { position: 3 } });
    expect(lines.filter((line) => line.includes('cannot reach the read store'))).toEqual([]);
  });

  it('start() returns while a batch waits for the read store (caught up in the background), and the projectors after it are not held up', async () => {
    await register(1, 3);
    const cut = new CutOff('cut', Number.MAX_SAFE_INTEGER);
    const good = new Recording('good');
    runner = new ProjectionRunner(store, readStore.dataSource, [cut, good], logger, undefined, { outageRetryMs: 200, lockRetryMs: 30 });
    expect(await within(5000, runner.start().then(() => 'started'))).toBe('started');
    // The other projector had its try before the wait: not held up by the one that waits.
    expect(good.applied).toEqual([1, 2, 3]);
    expect(runner.status()).toEqual([
      { name: 'cut', position: 0, retrying: { since: expect.any(String), attempts: expect.any(Number), message: expect.stringContaining('Connection terminated') } },
      { name: 'good', position: 3 },
    ]);
    expect(lines).toContainEqual(expect.stringMatching(/catching up in the background/));
    cut.heal();
    expect(await runner.waitFor(3, 10_000)).toBe(true);
    expect(runner.status()).toEqual([
      { name: 'cut', position: 3 },
      { name: 'good', position: 3 },
    ]);
  });

  it('stop() while a batch is in flight during an outage returns without waiting out the backoff', async () => {
    const cut = new CutOff('cut', Number.MAX_SAFE_INTEGER, 300);
    runner = new ProjectionRunner(store, readStore.dataSource, [cut], logger, undefined, { outageRetryMs: 20_000 });
    await runner.start();
    await register(1, 1);
    // The batch is in apply() when stop() is called; its commit fails after stop() woke the waits.
    await sleep(150);
    expect(cut.calls).toBe(1);
    // The backoff is 20 s: a stop() that waited it out would still be waiting after 5.
    const stopping = runner.stop();
    runner = undefined;
    expect(await within(5000, stopping.then(() => 'stopped'))).toBe('stopped');
    expect(cut.calls).toBe(1);
  }, 30_000);
});
