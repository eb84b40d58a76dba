import { randomUUID } from 'node:crypto';
import {
  EventStore,
  EventToAppend,
  StoredEvent,
  SubscriptionBeyondHeadError,
  WrongExpectedRevisionError,
} from '../event-store.port';
import { readEventsAt } from '../ledger/provenance';

export interface ContractSubject {
  store: EventStore;
  cleanup: () => Promise<void>;
}

/** A plain event with a fresh id; stores are exercised without the ledger above them. */
export function plainEvent(type: string, data: Record<string, unknown> = {}): EventToAppend {
  return { id: randomUUID(), type, data, metadata: { note: 'contract' } };
}

/**
 * The behaviour every adapter must show. Streams get unique names and log reads start from the
 * head at the test's start, so the suite also runs against a shared server.
 */
export function eventStoreContract(name: string, factory: () => Promise<ContractSubject>): void {
  describe(`event store contract: ${name}`, () => {
    let subject: ContractSubject;
    let store: EventStore;
    const stream = (label: string) => `contract-${label}-${randomUUID()}`;

    beforeEach(async () => {
      subject = await factory();
      store = subject.store;
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    it('appends to a new stream with no_stream and reads it back in order', async () => {
      const id = stream('new');
      const result = await store.append(id, [plainEvent('A', { n: 1 }), plainEvent('B', { n: 2 })], 'no_stream');
      expect(result.nextExpectedRevision).toBe(1);
      expect(result.positions).toHaveLength(2);
      expect(result.positions[1]).toBeGreaterThan(result.positions[0]);
      const events = await store.readStream(id);
      expect(events.map((e) => [e.type, e.revision, e.data.n])).toEqual([
        ['A', 0, 1],
        ['B', 1, 2],
      ]);
      expect(events.map((e) => e.position)).toEqual(result.positions);
      expect(events[0].metadata).toEqual({ note: 'contract' });
    });

    it('refuses no_stream on an existing stream and an exact revision that is not current, appending nothing', async () => {
      const id = stream('wrong');
      await store.append(id, [plainEvent('A')], 'no_stream');
      await expect(store.append(id, [plainEvent('B')], 'no_stream')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      const error = await store.append(id, [plainEvent('B')], 5).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect((error as WrongExpectedRevisionError).actual).toBe(0);
      expect((error as WrongExpectedRevisionError).expected).toBe(5);
      await expect(store.append(stream('absent'), [plainEvent('B')], 0)).rejects.toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      expect(await store.readStream(id)).toHaveLength(1);
    });

    it('appends at the exact current revision and with any', async () => {
      const id = stream('exact');
      await store.append(id, [plainEvent('A')], 'no_stream');
      expect((await store.append(id, [plainEvent('B')], 0)).nextExpectedRevision).toBe(1);
      expect((await store.append(id, [plainEvent('C')], 'any')).nextExpectedRevision).toBe(2);
      expect((await store.append(stream('any-new'), [plainEvent('D')], 'any')).nextExpectedRevision).toBe(0);
      expect((await store.readStream(id)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
    });

    it('reads a stream from a revision with a limit, and an unknown stream as empty', async () => {
      const id = stream('range');
      await store.append(id, Array.from({ length: 10 }, (_, n) => plainEvent('E', { n })), 'no_stream');
      const events = await store.readStream(id, 4, 3);
      expect(events.map((e) => e.data.n)).toEqual([4, 5, 6]);
      expect(await store.readStream(stream('none'))).toEqual([]);
      expect((await store.readLastEvent(id))?.revision).toBe(9);
      expect(await store.readLastEvent(stream('none'))).toBeUndefined();
    });

    it('reads the global log from a position, in order, across streams', async () => {
      const start = await store.headPosition();
      const a = stream('all-a');
      const b = stream('all-b');
      await store.append(a, [plainEvent('A1')], 'no_stream');
      await store.append(b, [plainEvent('B1'), plainEvent('B2')], 'no_stream');
      await store.append(a, [plainEvent('A2')], 0);
      const ours = (await store.readAll({ fromPosition: start })).filter(
        (e) => e.streamId === a || e.streamId === b,
      );
      expect(ours.map((e) => e.type)).toEqual(['A1', 'B1', 'B2', 'A2']);
      const positions = ours.map((e) => e.position);
      expect([...positions].sort((x, y) => x - y)).toEqual(positions);
      expect(await store.headPosition()).toBeGreaterThanOrEqual(positions[3]);
      const afterSecond = await store.readAll({ fromPosition: positions[1], limit: 2 });
      expect(afterSecond[0].position).toBeGreaterThan(positions[1]);
      expect(afterSecond.length).toBeLessThanOrEqual(2);
    });

    it('reads the global log from any number, not only an event position: from between two events it starts at the next one', async () => {
      // EventStoreDB positions are sparse byte offsets (the server refuses a read from inside a
      // record); the embedded store's are dense. Either way every number n in [A, B) reads B next.
      const id = stream('between');
      const { positions } = await store.append(id, [plainEvent('A'), plainEvent('B'), plainEvent('C')], 'no_stream');
      const [a, b, c] = positions;
      for (const n of new Set([a, Math.floor((a + b) / 2), b - 1])) {
        // One batch is written contiguously, so nothing of another writer sits between A and B.
        expect((await store.readAll({ fromPosition: n, limit: 1 })).map((e) => e.position)).toEqual([b]);
        const ours = (await store.readAll({ fromPosition: n })).filter((e) => e.streamId === id);
        expect(ours.map((e) => e.type)).toEqual(['B', 'C']);
      }
      expect((await store.readAll({ fromPosition: c - 1, limit: 1 })).map((e) => e.type)).toEqual(['C']);
    });

    it('finds the events at given positions (the audit lookup), leaving out positions where none is', async () => {
      const id = stream('at');
      const { positions } = await store.append(id, [plainEvent('A'), plainEvent('B'), plainEvent('C')], 'no_stream');
      const [a, b, c] = positions;
      const asked = [c, a, c, 0, c + 1_000_000_000];
      // Inside A's record on a store with sparse positions; the dense store has nothing between.
      if (b - a > 1) asked.push(a + 1);
      const expected = [[a, 'A'], [c, 'C']];
      expect((await readEventsAt(store, asked)).map((e) => [e.position, e.type])).toEqual(expected);
      if (store.readEventsAt) {
        expect((await store.readEventsAt(asked)).map((e) => [e.position, e.type])).toEqual(expected);
      }
    });

    it('lets exactly one of 20 concurrent appends at the same expected revision succeed', async () => {
      const id = stream('race');
      await store.append(id, [plainEvent('Start')], 'no_stream');
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, n) => store.append(id, [plainEvent('Racer', { n })], 0)),
      );
      const fulfilled = outcomes.filter((o) => o.status === 'fulfilled');
      const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(19);
      for (const r of rejected) expect(r.reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.readStream(id)).toHaveLength(2);
    });

    it('refuses an event id that is already in the stream, appending nothing of the batch (stores that enforce ids)', async () => {
      // Only stores that claim it; for the others the ledger looks ids up before appending.
      if (!store.enforcesUniqueEventIds) return;
      const id = stream('dup');
      const first = plainEvent('A');
      await store.append(id, [first], 'no_stream');
      await expect(store.append(id, [plainEvent('B'), { ...plainEvent('C'), id: first.id }], 0)).rejects.toThrow();
      expect((await store.readStream(id)).map((e) => e.type)).toEqual(['A']);
    });

    it('never takes events with the ids of an earlier write but other content as written: refused, the stream keeps the first', async () => {
      // EventStoreDB answers a repeat of ids at the same expected revision as an idempotent retry;
      // the adapter must not pass a different body through as a success.
      const id = stream('same-ids');
      await store.append(id, [plainEvent('Start')], 'no_stream');
      const earlier = plainEvent('Decided', { outcome: 'UPHELD' });
      await store.append(id, [earlier], 0);
      await expect(store.append(id, [{ ...earlier, data: { outcome: 'CORRECTED' } }], 0)).rejects.toThrow();
      expect((await store.readStream(id)).map((e) => e.data)).toEqual([{}, { outcome: 'UPHELD' }]);
      const found = await store.findEventsById(id, [earlier.id]);
      expect(found.map((e) => e.data)).toEqual([{ outcome: 'UPHELD' }]);
    });

    it('finds stored events by id within a stream', async () => {
      const id = stream('ids');
      const events = [plainEvent('A'), plainEvent('B'), plainEvent('C')];
      await store.append(id, events, 'no_stream');
      const found = await store.findEventsById(id, [events[2].id, events[0].id]);
      expect(found.map((e) => e.type).sort()).toEqual(['A', 'C']);
      expect(await store.findEventsById(stream('other'), [events[0].id])).toEqual([]);
    });

    it('subscribes: catch-up then live, every event exactly once and in order while appends continue', async () => {
      const start = await store.headPosition();
      const id = stream('sub');
      const before = 30;
      await store.append(id, Array.from({ length: before }, (_, n) => plainEvent('E', { n })), 'no_stream');
      const received: StoredEvent[] = [];
      const total = before + 60;
      let resolveAll!: () => void;
      const allReceived = new Promise<void>((resolve) => (resolveAll = resolve));
      const subscription = store.subscribeToAll({
        fromPosition: start,
        batchSize: 7,
        onEvents: async (events) => {
          received.push(...events.filter((e) => e.streamId === id));
          if (received.length >= total) resolveAll();
        },
      });
      const writes = (async () => {
        for (let n = before; n < total; n += 3) {
          await store.append(id, [0, 1, 2].map((k) => plainEvent('E', { n: n + k })), n - 1);
          if (n % 12 === 0) await new Promise((r) => setTimeout(r, 5));
        }
      })();
      await subscription.caughtUp;
      await writes;
      await allReceived;
      await subscription.close();
      expect(received.map((e) => e.data.n)).toEqual(Array.from({ length: total }, (_, n) => n));
      expect(new Set(received.map((e) => e.position)).size).toBe(total);
    });

    it('stops delivering after close and resumes from a position without repeating', async () => {
      const start = await store.headPosition();
      const id = stream('resume');
      await store.append(id, [plainEvent('A'), plainEvent('B')], 'no_stream');
      const first: StoredEvent[] = [];
      const sub1 = store.subscribeToAll({
        fromPosition: start,
        onEvents: async (events) => {
          first.push(...events.filter((e) => e.streamId === id));
        },
      });
      await sub1.caughtUp;
      await sub1.close();
      expect(first.map((e) => e.type)).toEqual(['A', 'B']);
      await store.append(id, [plainEvent('C')], 1);
      const second: StoredEvent[] = [];
      const sub2 = store.subscribeToAll({
        fromPosition: first[1].position,
        onEvents: async (events) => {
          second.push(...events.filter((e) => e.streamId === id));
        },
      });
      await sub2.caughtUp;
      await sub2.close();
      expect(second.map((e) => e.type)).toEqual(['C']);
    });

    it('refuses to start beyond the head of the log (a checkpoint from a newer log) instead of skipping events', async () => {
      await store.append(stream('beyond'), [plainEvent('A')], 'no_stream');
      const head = await store.headPosition();
      // Far enough past the head that other writers of a shared server cannot reach it meanwhile.
      const fromPosition = head + 1_000_000_000;
      const errors: unknown[] = [];
      const delivered: StoredEvent[] = [];
      const subscription = store.subscribeToAll({
        fromPosition,
        onEvents: async (events) => {
          delivered.push(...events);
        },
        onError: (e) => errors.push(e),
      });
      const refused = await subscription.caughtUp.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(SubscriptionBeyondHeadError);
      expect((refused as SubscriptionBeyondHeadError).fromPosition).toBe(fromPosition);
      expect((refused as SubscriptionBeyondHeadError).headPosition).toBeGreaterThanOrEqual(head);
      expect((refused as Error).message).toMatch(new RegExp(`^subscription starts at position ${fromPosition}, beyond the log head \\d+$`));
      expect(errors).toEqual([refused]);
      await subscription.close();
      expect(delivered).toEqual([]);
    });

    it('starts at the head of the log: caught up at once, then the next event is delivered', async () => {
      const id = stream('at-head');
      await store.append(id, [plainEvent('A')], 'no_stream');
      const head = await store.headPosition();
      const received: StoredEvent[] = [];
      let resolveNext!: () => void;
      const next = new Promise<void>((resolve) => (resolveNext = resolve));
      const errors: unknown[] = [];
      const subscription = store.subscribeToAll({
        fromPosition: head,
        onEvents: async (events) => {
          received.push(...events.filter((e) => e.streamId === id));
          if (received.length > 0) resolveNext();
        },
        onError: (e) => errors.push(e),
      });
      await subscription.caughtUp;
      await store.append(id, [plainEvent('B')], 0);
      await next;
      await subscription.close();
      expect(received.map((e) => e.type)).toEqual(['B']);
      expect(errors).toEqual([]);
    });

    it('can be closed from inside its handler (awaited there): close returns, nothing is delivered afterwards', async () => {
      const start = await store.headPosition();
      const id = stream('close-inside');
      await store.append(id, [plainEvent('A'), plainEvent('B')], 'no_stream');
      const calls: string[][] = [];
      let closed!: () => void;
      const closedInside = new Promise<void>((resolve) => (closed = resolve));
      const subscription = store.subscribeToAll({
        fromPosition: start,
        batchSize: 1,
        onEvents: async (events) => {
          calls.push(events.map((e) => e.type));
          // Through another await, as a handler that stops its own subscription would.
          await Promise.resolve().then(() => subscription.close());
          closed();
        },
      });
      await closedInside;
      await store.append(id, [plainEvent('C')], 1);
      await subscription.close();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(calls).toEqual([['A']]);
    });

    it('closed from elsewhere while its handler runs, close waits for the handler to return', async () => {
      const start = await store.headPosition();
      const id = stream('close-outside');
      await store.append(id, [plainEvent('A')], 'no_stream');
      let entered!: () => void;
      const inHandler = new Promise<void>((resolve) => (entered = resolve));
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const steps: string[] = [];
      const subscription = store.subscribeToAll({
        fromPosition: start,
        onEvents: async (events) => {
          if (!events.some((e) => e.streamId === id)) return;
          entered();
          await released;
          steps.push('handler returned');
        },
      });
      await inHandler;
      const closing = subscription.close().then(() => steps.push('close returned'));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(steps).toEqual([]);
      release();
      await closing;
      expect(steps).toEqual(['handler returned', 'close returned']);
    });
  });
}
