import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WrongExpectedRevisionError } from '../event-store.port';
import { computeEventHash, GENESIS_HASH } from '../integrity/hash-chain';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';
import { CommandContext, EventLedger, IdempotencyKeyReusedError } from './event-ledger';
import { verifyLog } from './log-verifier';

const fixedClock = { now: () => new Date('2026-11-22T03:04:05.000Z') };
const context = (commandId: string): CommandContext => ({
  commandId,
  actor: { sub: 'alice', role: 'registrar' },
});

describe('EventLedger on the embedded store', () => {
  let dir: string;
  let store: SqliteEventStore;
  let ledger: EventLedger;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-'));
    store = await SqliteEventStore.open({ filename: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    ledger = new EventLedger(store, fixedClock);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stamps every event with its metadata and chains the hashes per stream from the genesis hash', async () => {
    await ledger.append('institution-1', [{ type: 'A', data: { x: 1 } }], 'no_stream', {
      ...context('cmd-1'),
      correlationId: 'corr-1',
    });
    await ledger.append('institution-1', [{ type: 'B', data: { y: 'é' }, schemaVersion: 2 }], 0, context('cmd-2'));
    const [first, second] = await store.readStream('institution-1');
    expect(first.metadata).toMatchObject({
      eventId: first.id,
      schemaVersion: 1,
      actor: { sub: 'alice', role: 'registrar' },
      commandId: 'cmd-1',
      correlationId: 'corr-1',
      causationId: 'cmd-1',
      recordedAt: '2026-11-22T03:04:05.000Z',
      prevHash: GENESIS_HASH,
    });
    expect(first.metadata.hash).toBe(computeEventHash(GENESIS_HASH, first));
    expect(second.metadata.prevHash).toBe(first.metadata.hash);
    expect(second.metadata.schemaVersion).toBe(2);
    expect(second.metadata.hash).toBe(computeEventHash(first.metadata.hash as string, second));
  });

  it('derives event ids from the command id, so a retried append writes nothing and returns the original positions', async () => {
    const original = await ledger.append('record-9', [{ type: 'A', data: {} }, { type: 'B', data: {} }], 'no_stream', context('retry-me'));
    await ledger.append('record-9', [{ type: 'C', data: {} }], 1, context('other'));
    const head = await store.headPosition();
    const retried = await ledger.append('record-9', [{ type: 'A', data: {} }, { type: 'B', data: {} }], 'no_stream', context('retry-me'));
    expect(retried).toEqual({ ...original, replayed: true });
    expect(original.replayed).toBe(false);
    expect(await store.headPosition()).toBe(head);
    const retriedAny = await new EventLedger(store, fixedClock).append('record-9', [{ type: 'A', data: {} }, { type: 'B', data: {} }], 'any', context('retry-me'));
    expect(retriedAny.positions).toEqual(original.positions);
    expect(await store.headPosition()).toBe(head);
  });

  it('refuses the loser of two concurrent requests with one key and different bodies as a key reuse', async () => {
    const withDigest = (digest: string): CommandContext => ({ ...context('same-key'), requestDigest: digest });
    const outcomes = await Promise.allSettled([
      ledger.append('race-key', [{ type: 'A', data: { body: 1 } }], 'any', withDigest('one')),
      new EventLedger(store, fixedClock).append('race-key', [{ type: 'A', data: { body: 2 } }], 'any', withDigest('two')),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(IdempotencyKeyReusedError);
    expect(await store.readStream('race-key')).toHaveLength(1);
  });

  it('hashes the data exactly as it is stored (values JSON cannot hold are dropped first)', async () => {
    await ledger.append('json', [{ type: 'A', data: { kept: 1, dropped: undefined, list: [1, undefined, 3] } }], 'no_stream', context('json'));
    const [event] = await store.readStream('json');
    expect(event.data).toEqual({ kept: 1, list: [1, null, 3] });
    expect((await verifyLog(store)).ok).toBe(true);
  });

  it('refuses a stale exact revision with the typed error and appends nothing', async () => {
    await ledger.append('s', [{ type: 'A', data: {} }, { type: 'B', data: {} }], 'no_stream', context('c1'));
    await expect(ledger.append('s', [{ type: 'C', data: {} }], 0, context('c2'))).rejects.toBeInstanceOf(
      WrongExpectedRevisionError,
    );
    expect(await store.readStream('s')).toHaveLength(2);
  });

  it('keeps the chain unbroken when concurrent appends with `any` race on one stream', async () => {
    const writers = [new EventLedger(store, fixedClock), new EventLedger(store, fixedClock), ledger];
    await Promise.all(
      Array.from({ length: 12 }, (_, n) =>
        writers[n % 3].append('busy', [{ type: 'E', data: { n } }], 'any', context(`busy-${n}`)),
      ),
    );
    expect(await store.readStream('busy')).toHaveLength(12);
    expect((await verifyLog(store)).ok).toBe(true);
  });
});
