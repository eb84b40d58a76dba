import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuplicateEventIdError, EventToAppend, WrongExpectedRevisionError } from '../event-store.port';
import { verifyLog } from '../ledger/log-verifier';
import { SqliteEventStore } from './sqlite-event-store';

/**
 * The embedded store sends a large append as several INSERT chunks in flight at once, queues
 * BEGIN with the head read, and commits appends that queue up together (one transaction, a
 * savepoint each). These check that every append stays all-or-nothing and behaves as alone.
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
    // Ids are unique within a stream: the late chunk repeats an id of an early one.
    const batch = events('y', 230);
    batch[187] = { ...batch[187], id: 'y-3' };
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

  it('group commit: appends queued together succeed or fail one by one, as they would alone', async () => {
    await store.append('taken', events('dup', 1), 'no_stream');
    const outcomes = await Promise.allSettled([
      store.append('g1', events('g1', 3), 'no_stream'),
      store.append('g1', events('g1b', 2), 2), // sees the append queued just before it
      store.append('g2', [...events('g2', 60), { id: 'g2-7', type: 'T', data: {}, metadata: {} }], 'no_stream'),
      store.append('g3', events('g3', 2), 7),
      store.append('g4', events('g4', 120), 'any'),
      store.append('g1', events('g1c', 1), 'no_stream'),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected', 'fulfilled', 'rejected']);
    expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateEventIdError);
    expect((outcomes[3] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
    expect((outcomes[5] as PromiseRejectedResult).reason).toMatchObject({ expected: 'no_stream', actual: 4 });
    const values = outcomes.map((o) => (o.status === 'fulfilled' ? o.value : undefined));
    expect(values[0]).toEqual({ nextExpectedRevision: 2, positions: [2, 3, 4] });
    expect(values[1]).toEqual({ nextExpectedRevision: 4, positions: [5, 6] });
    expect(values[4]?.positions[0]).toBe(7);
    expect(values[4]?.positions[119]).toBe(126);
    expect(await store.readStream('g2')).toEqual([]);
    expect(await store.readStream('g3')).toEqual([]);
    const all = await store.readAll();
    expect(all.map((e) => e.position)).toEqual(all.map((_, i) => i + 1));
    expect(all).toHaveLength(126);
  });

  it('group commit: a failure of the shared transaction falls back to one transaction per append', async () => {
    await store.append('warm', events('w', 1), 'no_stream');
    const internals = store as unknown as { execute: (sql: string) => Promise<void> };
    const execute = internals.execute.bind(store);
    let failed = 0;
    const statements: string[] = [];
    const spy = jest.spyOn(internals, 'execute').mockImplementation(async (sql: string) => {
      statements.push(sql);
      if (sql === 'COMMIT' && failed === 0) {
        failed += 1;
        throw new Error('SQLITE_IOERR: disk I/O error (simulated)');
      }
      return execute(sql);
    });
    try {
      // Issued together, the four form one group.
      const results = await Promise.all([
        store.append('f0', events('f0', 2), 'no_stream'),
        store.append('f1', events('f1', 2), 'no_stream'),
        store.append('f2', events('f2', 55), 'no_stream'),
        store.append('f1', events('f1b', 1), 1),
      ]);
      expect(failed).toBe(1);
      // The failed COMMIT was the group's (savepoints before it), then each append ran alone.
      const failedAt = statements.indexOf('COMMIT');
      expect(statements.slice(0, failedAt).filter((sql) => sql === 'SAVEPOINT append')).toHaveLength(4);
      expect(statements.slice(failedAt + 1).filter((sql) => sql === 'BEGIN IMMEDIATE')).toHaveLength(4);
      expect(results.flatMap((r) => r.positions)).toEqual(Array.from({ length: 60 }, (_, i) => i + 2));
      const all = await store.readAll();
      expect(all.map((e) => e.position)).toEqual(all.map((_, i) => i + 1));
      expect(await store.readStream('f1')).toHaveLength(3);
    } finally {
      spy.mockRestore();
    }
  });

  it('group commit: a group still verifies as one log, with every anchored digest', async () => {
    const { EventLedger } = await import('../ledger/event-ledger');
    const ledger = new EventLedger(store, { now: () => new Date(Date.UTC(2025, 0, 1)) });
    await Promise.all(
      Array.from({ length: 16 }, (_, w) =>
        (async () => {
          for (let i = 0; i < 5; i += 1) {
            await ledger.append(`w${w}`, [{ type: 'T', data: { w, i } }, { type: 'U', data: { w, i } }], i === 0 ? 'no_stream' : 2 * i - 1, {
              commandId: `c-${w}-${i}`,
              actor: { sub: 'u', role: 'r' },
            });
          }
        })(),
      ),
    );
    expect(await verifyLog(store)).toMatchObject({ ok: true, checkedEvents: 160 });
  });
});
