import { PassThrough } from 'node:stream';
import { START, UnknownError, type AllStreamResolvedEvent, type EventStoreDBClient, type Position, type ReadPosition, type RecordedEvent } from '@eventstore/db-client';
import { CorruptEventError, SubscriptionBeyondHeadError, type StoredEvent } from '../event-store.port';
import { at } from './testing/esdb-events';
import { readEventsAt } from '../ledger/provenance';
import { EsdbEventStore } from './esdb-event-store';

/**
 * `EsdbEventStore` over a scripted `$all` (no server here): the client's `readAll` pages through a
 * fixed log and `subscribeToAll` replays it after the start position, then stays open (live). The
 * contract suite checks the same behaviour against a real server when ESDB_CONNECTION_STRING is set.
 *
 * As the server does, it refuses a read or subscription from a position where no record of the
 * log starts (positions are sparse byte offsets): `Status(Unknown, "Trying to read from an
 * invalid position.")`, which the client hands over as an `UnknownError`. A forward read includes
 * its start position, a backward read and a subscription exclude it.
 */
function scriptedLog(log: AllStreamResolvedEvent[]) {
  const opened: ReadPosition[] = [];
  const reads: { direction: string; fromPosition: ReadPosition; requiresLeader?: boolean }[] = [];
  const subscriptions: PassThrough[] = [];
  const prepare = (m: AllStreamResolvedEvent): bigint => m.event!.position!.prepare;
  const bound = (from: ReadPosition): bigint | undefined => (typeof from === 'string' ? undefined : (from as Position).prepare);
  const refused = (from: ReadPosition): boolean => {
    if (typeof from === 'string') return false;
    const { commit, prepare: p } = from as Position;
    return !log.some((m) => m.event!.position!.commit === commit && m.event!.position!.prepare === p);
  };
  const invalidPosition = () => {
    const details = 'Trying to read from an invalid position.';
    return new UnknownError({ code: 2, details, message: `2 UNKNOWN: ${details}` } as never);
  };
  const client = {
    async *readAll(options: { direction: string; fromPosition: ReadPosition; maxCount: number; requiresLeader?: boolean }) {
      reads.push({ direction: options.direction, fromPosition: options.fromPosition, ...(options.requiresLeader !== undefined && { requiresLeader: options.requiresLeader }) });
      if (refused(options.fromPosition)) throw invalidPosition();
      const from = bound(options.fromPosition);
      const page =
        options.direction === 'backwards'
          ? [...log].reverse().filter((m) => from === undefined || prepare(m) < from)
          : log.filter((m) => from === undefined || prepare(m) >= from);
      yield* page.slice(0, options.maxCount);
    },
    subscribeToAll(options: { fromPosition: ReadPosition }, { highWaterMark }: { highWaterMark: number }) {
      opened.push(options.fromPosition);
      const stream = Object.assign(new PassThrough({ objectMode: true, highWaterMark }), { unsubscribe: async () => undefined });
      subscriptions.push(stream);
      if (refused(options.fromPosition)) {
        // The client's subscription fails as the server answers, after it was handed over.
        setImmediate(() => stream.destroy(invalidPosition()));
        return stream;
      }
      const from = bound(options.fromPosition);
      for (const m of log) if (from === undefined || prepare(m) > from) stream.write(m);
      return stream;
    },
  };
  return { client: client as unknown as EventStoreDBClient, opened, reads, subscriptions };
}

/** The ledger's streams in these scripts (`at()` writes to `ledger-1` unless told otherwise). */
const ledgerStreams = (streamId: string): boolean => /^(record|ledger)-/.test(streamId);

function subscribe(store: EsdbEventStore, fromPosition: number) {
  const delivered: StoredEvent[] = [];
  const errors: unknown[] = [];
  const subscription = store.subscribeToAll({
    fromPosition,
    onEvents: async (events) => {
      delivered.push(...events);
    },
    onError: (e) => errors.push(e),
  });
  const outcome = subscription.caughtUp.then(
    () => 'caught up' as const,
    (e: unknown) => e,
  );
  return { subscription, delivered, errors, outcome };
}

describe('EsdbEventStore over a scripted $all (no server)', () => {
  it('reads the head from the leader: a follower (the old leader after an election) may trail positions commands returned', async () => {
    const { client, reads } = scriptedLog([at(100), at(200), at(300, { type: '$metadata', streamId: '$$record-1' })]);
    const store = new EsdbEventStore({ client });
    expect(await store.headPosition()).toBe(200);
    const backwards = reads.filter((r) => r.direction === 'backwards');
    expect(backwards.length).toBeGreaterThan(0);
    expect(backwards.every((r) => r.requiresLeader === true)).toBe(true);
    reads.length = 0;
    await store.readAll();
    expect(reads.filter((r) => r.direction === 'forwards' && r.requiresLeader)).toEqual([]);
  });

  it('refuses a subscription that starts beyond the head of the log, like the embedded store, opening nothing', async () => {
    const { client, opened } = scriptedLog([at(100), at(200), at(300, { type: '$metadata', streamId: '$$record-1' })]);
    const store = new EsdbEventStore({ client });
    expect(await store.headPosition()).toBe(200);
    const { subscription, delivered, errors, outcome } = subscribe(store, 5000);
    const refused = await outcome;
    expect(refused).toBeInstanceOf(SubscriptionBeyondHeadError);
    expect((refused as Error).message).toBe('subscription starts at position 5000, beyond the log head 200');
    expect(errors).toEqual([refused]);
    expect(opened).toEqual([]);
    await subscription.close();
    expect(delivered).toEqual([]);
    await store.close();
  });

  it('still starts at the head itself (a checkpoint of this log)', async () => {
    const { client } = scriptedLog([at(100), at(200)]);
    const store = new EsdbEventStore({ client });
    const { subscription, errors, outcome } = subscribe(store, 200);
    expect(await outcome).toBe('caught up');
    expect(errors).toEqual([]);
    await subscription.close();
    await store.close();
  });

  describe('an event that is not a JSON object', () => {
    const binary: Partial<Record<keyof RecordedEvent, unknown>> = { streamId: 'record-r1', isJson: false, data: new Uint8Array([0xff]) };
    const malformed: Partial<Record<keyof RecordedEvent, unknown>> = { streamId: 'record-r1', data: '{"truncated' };

    it.each([
      ['binary data', binary, /data: binary, not a JSON object/],
      ['malformed JSON data', malformed, /data: not a JSON object/],
      ['non-object metadata', { streamId: 'record-r1', metadata: new Uint8Array([1]) }, /metadata: not a JSON object/],
    ])('in a ledger stream (%s): readAll raises CorruptEventError at its position, as the embedded store does', async (_label, overrides, reason) => {
      const { client } = scriptedLog([at(100), at(200, overrides), at(300)]);
      const store = new EsdbEventStore({ client, ownsStream: ledgerStreams });
      const error = await store.readAll().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CorruptEventError);
      expect(error).toMatchObject({ position: 200, streamId: 'record-r1', code: 'CORRUPT_EVENT' });
      expect((error as Error).message).toMatch(reason);
      // Positions before it still read; the head is the last event of the log, damaged or not.
      expect((await store.readAll({ limit: 1 })).map((e) => e.position)).toEqual([100]);
      expect((await store.readAll({ fromPosition: 200 })).map((e) => e.position)).toEqual([300]);
      await store.close();
    });

    it('in a ledger stream: the subscription stops with CorruptEventError through onError, delivering nothing past it', async () => {
      const { client, opened } = scriptedLog([at(100), at(200, binary), at(300)]);
      const store = new EsdbEventStore({ client, ownsStream: ledgerStreams });
      expect(await store.headPosition()).toBe(300);
      const { subscription, delivered, errors, outcome } = subscribe(store, 100);
      const error = await outcome;
      expect(error).toBeInstanceOf(CorruptEventError);
      expect(error).toMatchObject({ position: 200, streamId: 'record-r1' });
      expect(errors).toEqual([error]);
      expect(opened).toHaveLength(1);
      await subscription.close();
      expect(delivered).toEqual([]);
      await store.close();
    });

    it('at the tail of a ledger stream: it is the head of the log, so readAll raises it rather than stopping short', async () => {
      const { client } = scriptedLog([at(100), at(200, binary)]);
      const store = new EsdbEventStore({ client, ownsStream: ledgerStreams });
      expect(await store.headPosition()).toBe(200);
      await expect(store.readAll({ fromPosition: 100 })).rejects.toBeInstanceOf(CorruptEventError);
      await store.close();
    });

    it("in a stream the ledger does not own (another application's): skipped, as before", async () => {
      const foreign = { ...binary, streamId: 'other-app-1' };
      const { client } = scriptedLog([at(100), at(200, foreign), at(300)]);
      const store = new EsdbEventStore({ client, ownsStream: ledgerStreams });
      expect((await store.readAll()).map((e) => e.position)).toEqual([100, 300]);
      const { subscription, delivered, errors, outcome } = subscribe(store, 0);
      expect(await outcome).toBe('caught up');
      expect(delivered.map((e) => e.position)).toEqual([100, 300]);
      expect(errors).toEqual([]);
      await subscription.close();
      await store.close();
    });
  });

  describe('positions between events (ESDB positions are sparse byte offsets)', () => {
    const log = () => [at(100), at(200), at(250, { type: '$metadata', streamId: '$$ledger-1' }), at(300), at(400)];

    it('readAll from a position between two events gives the events after it, as the port says for any number', async () => {
      const { client, reads } = scriptedLog(log());
      const store = new EsdbEventStore({ client, ownsStream: ledgerStreams, pageSize: 2 });
      expect((await store.readAll({ fromPosition: 150 })).map((e) => e.position)).toEqual([200, 300, 400]);
      expect((await store.readAll({ fromPosition: 199, limit: 1 })).map((e) => e.position)).toEqual([200]);
      expect((await store.readAll({ fromPosition: 260, limit: 1 })).map((e) => e.position)).toEqual([300]);
      expect((await store.readAll({ fromPosition: 50 })).map((e) => e.position)).toEqual([100, 200, 300, 400]);
      expect(await store.readAll({ fromPosition: 401 })).toEqual([]);
      expect(await store.readAll({ fromPosition: 1_000_000 })).toEqual([]);
      // From an event's own position: one read from there, nothing looked for.
      reads.length = 0;
      expect((await store.readAll({ fromPosition: 300 })).map((e) => e.position)).toEqual([400]);
      expect(reads[0]).toEqual({ direction: 'forwards', fromPosition: { commit: 300n, prepare: 300n } });
      expect(reads.filter((r) => r.direction === 'backwards')).toEqual([]);
      await store.close();
    });

    it('finds the events at given positions, leaving out positions where none is', async () => {
      const foreign = at(350, { streamId: 'other-app-1' });
      const { client } = scriptedLog([...log(), foreign]);
      const store = new EsdbEventStore({ client, ownsStream: ledgerStreams });
      const found = await store.readEventsAt([400, 199, 200, 250, 350, 100, 200, 5000]);
      expect(found.map((e) => e.position)).toEqual([100, 200, 400]);
      await store.close();
    });

    it('the audit lookup (provenance readEventsAt) finds an event by its position', async () => {
      const { client } = scriptedLog(log());
      const store = new EsdbEventStore({ client, ownsStream: ledgerStreams });
      expect((await readEventsAt(store, [300, 200, 150])).map((e) => e.position)).toEqual([200, 300]);
      await store.close();
    });

    it('a subscription from a position between two events delivers the events after it, opened at a position the server accepts', async () => {
      const { client, opened } = scriptedLog(log());
      const store = new EsdbEventStore({ client, ownsStream: ledgerStreams });
      const { subscription, delivered, errors, outcome } = subscribe(store, 260);
      expect(await outcome).toBe('caught up');
      expect(delivered.map((e) => e.position)).toEqual([300, 400]);
      expect(errors).toEqual([]);
      expect(opened).toEqual([{ commit: 250n, prepare: 250n }]);
      await subscription.close();

      const fromEvent = subscribe(store, 200);
      expect(await fromEvent.outcome).toBe('caught up');
      expect(fromEvent.delivered.map((e) => e.position)).toEqual([300, 400]);
      expect(opened[1]).toEqual({ commit: 200n, prepare: 200n });
      await fromEvent.subscription.close();

      const beforeAll = subscribe(store, 50);
      expect(await beforeAll.outcome).toBe('caught up');
      expect(beforeAll.delivered.map((e) => e.position)).toEqual([100, 200, 300, 400]);
      expect(opened[2]).toBe(START);
      await beforeAll.subscription.close();
      await store.close();
    });
  });

  describe("another application's JSON events (a shared server)", () => {
    const foreign = (position: number) => at(position, { streamId: 'other-app-1', type: 'OrderPlaced' });

    it('are skipped by readAll and headPosition when ownsStream is given: the head is the last ledger event', async () => {
      const { client } = scriptedLog([at(100, { streamId: 'record-r1' }), foreign(200), at(300, { streamId: 'record-r2' }), foreign(400)]);
      const store = new EsdbEventStore({ client, ownsStream: ledgerStreams });
      expect((await store.readAll()).map((e) => [e.position, e.streamId])).toEqual([
        [100, 'record-r1'],
        [300, 'record-r2'],
      ]);
      expect((await store.readAll({ fromPosition: 100, limit: 1 })).map((e) => e.position)).toEqual([300]);
      expect(await store.readAll({ fromPosition: 300 })).toEqual([]);
      expect(await store.headPosition()).toBe(300);
      await store.close();
    });

    it('headPosition walks back only through the records appended since its last answer, not through all since our last event each time', async () => {
      const log = [at(100, { streamId: 'record-r1' }), at(300, { streamId: 'record-r2' }), ...Array.from({ length: 40 }, (_, i) => foreign(400 + i * 10))];
      const { client, reads } = scriptedLog(log);
      const store = new EsdbEventStore({ client, ownsStream: ledgerStreams, pageSize: 5 });
      expect(await store.headPosition()).toBe(300);
      expect(reads.length).toBeGreaterThan(8);
      // The neighbour appends two more: the walk reads them and stops at the newest record it saw before.
      log.push(foreign(900), foreign(910));
      reads.length = 0;
      expect(await store.headPosition()).toBe(300);
      expect(reads.length).toBe(2);
      // An event of ours appended since is found on the way back.
      log.push(at(920, { streamId: 'record-r3' }), foreign(930));
      expect(await store.headPosition()).toBe(920);
      reads.length = 0;
      expect(await store.headPosition()).toBe(920);
      expect(reads.length).toBe(1);
      // The server restored from an older backup: the newest record seen is gone. The walk does not
      // stop at the old answer, it finds the head of the log as it is.
      log.splice(0, log.length, at(100, { streamId: 'record-r1' }), at(300, { streamId: 'record-r2' }), foreign(350));
      expect(await store.headPosition()).toBe(300);
      await store.close();
    });

    it('are never delivered to a subscription when ownsStream is given', async () => {
      const { client, subscriptions } = scriptedLog([at(100, { streamId: 'record-r1' }), foreign(200), at(300, { streamId: 'record-r2' })]);
      const store = new EsdbEventStore({ client, ownsStream: ledgerStreams });
      const { subscription, delivered, errors, outcome } = subscribe(store, 0);
      expect(await outcome).toBe('caught up');
      subscriptions[0].write(foreign(500));
      subscriptions[0].write(at(600, { streamId: 'record-r3' }));
      await until(() => delivered.length === 3, 'the live ledger event');
      expect(delivered.map((e) => e.streamId)).toEqual(['record-r1', 'record-r2', 'record-r3']);
      expect(errors).toEqual([]);
      await subscription.close();
      await store.close();
    });
  });
});

async function until(condition: () => boolean, what: string, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
