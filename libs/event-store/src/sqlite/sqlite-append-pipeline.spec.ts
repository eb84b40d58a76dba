import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuplicateEventIdError, EventToAppend } from '../event-store.port';
import { verifyLog } from '../ledger/log-verifier';
import { SqliteEventStore } from './sqlite-event-store';

/**
 * The embedded store sends a large append as several INSERT chunks in flight at once, and
 * queues BEGIN with the head read. These check that this stays all-or-nothing.
 */
describe('embedded store: pipelined appends stay atomic', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-pipeline-'));
    store = await SqliteEventStore.open({ filename: join(dir, 'events.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const events = (prefix: string, count: number): EventToAppend[] =>
    Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${i}`, type: 'Counted', data: { i }, metadata: { n: i } }));

  it('a duplicate id in a late chunk rolls back the earlier chunks too', async () => {
    await store.append('a', events('x', 1), 'no_stream');
    const batch = events('y', 230);
    batch[187] = { ...batch[187], id: 'x-0' };
    await expect(store.append('b', batch, 'no_stream')).rejects.toBeInstanceOf(DuplicateEventIdError);
    expect(await store.readStream('b')).toEqual([]);
    expect(await store.headPosition()).toBe(1);
    const next = await store.append('b', events('z', 120), 'no_stream');
    expect(next.positions[0]).toBe(2);
    expect(next.positions[119]).toBe(121);
    expect(await store.readStream('b')).toHaveLength(120);
  });

  it('an event that cannot be serialised rolls back, and the store stays usable', async () => {
    const bad = [{ id: 'big', type: 'X', data: { n: BigInt(1) } as Record<string, unknown>, metadata: {} }];
    await expect(store.append('s', bad, 'no_stream')).rejects.toThrow(TypeError);
    const result = await store.append('s', events('ok', 3), 'no_stream');
    expect(result).toEqual({ nextExpectedRevision: 2, positions: [1, 2, 3] });
  });

  it('concurrent large appends get dense positions, in order, and every row lands', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, s) => store.append(`s${s}`, events(`c${s}`, 75 + s * 37), 'no_stream')),
    );
    const all = await store.readAll();
    expect(all.map((e) => e.position)).toEqual(all.map((_, i) => i + 1));
    expect(results.flatMap((r) => r.positions)).toEqual(all.map((e) => e.position));
    for (let s = 0; s < 6; s += 1) {
      const stream = await store.readStream(`s${s}`);
      expect(stream.map((e) => e.revision)).toEqual(stream.map((_, i) => i));
      expect(stream.map((e) => e.data.i)).toEqual(stream.map((_, i) => i));
    }
  });

  it('the log digest anchored per row is the same however the append was chunked', async () => {
    const hashed = (prefix: string, count: number): EventToAppend[] =>
      events(prefix, count).map((e, i) => ({ ...e, hash: `${prefix}${i}`.padEnd(64, '0') }));
    await store.append('h', hashed('a', 130), 'no_stream');
    await store.append('h', hashed('b', 1), 129);
    const other = await SqliteEventStore.open({ filename: join(dir, 'other.sqlite') });
    try {
      let revision: number | 'no_stream' = 'no_stream';
      for (const e of [...hashed('a', 130), ...hashed('b', 1)]) {
        revision = (await other.append('h', [e], revision)).nextExpectedRevision;
      }
      const digests = (await store.readAll()).map((e) => e.logDigest);
      expect(digests.every((d) => typeof d === 'string' && d.length === 64)).toBe(true);
      expect((await other.readAll()).map((e) => e.logDigest)).toEqual(digests);
    } finally {
      await other.close();
    }
  });

  it('a log written in chunks verifies', async () => {
    const { EventLedger } = await import('../ledger/event-ledger');
    const ledger = new EventLedger(store, { now: () => new Date(Date.UTC(2025, 0, 1)) });
    await ledger.append('v', Array.from({ length: 260 }, (_, i) => ({ type: 'T', data: { i, s: '政务诚信' } })), 'no_stream', {
      commandId: 'cmd-1',
      actor: { sub: 'u', role: 'r' },
    });
    const report = await verifyLog(store);
    expect(report).toMatchObject({ ok: true, checkedEvents: 260 });
  });
});
