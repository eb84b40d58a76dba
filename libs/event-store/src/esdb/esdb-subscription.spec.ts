import { PassThrough } from 'node:stream';
import { ErrorType, START, UnknownError, type ReadPosition } from '@eventstore/db-client';
import { SubscriptionBeyondHeadError, type StoredEvent } from '../event-store.port';
import { at } from './testing/esdb-events';
import {
  EsdbAllSubscription,
  SubscriptionCursor,
  isPermanentSubscriptionError,
  type AllSubscriptionDeps,
} from './esdb-subscription';

type FakeStream = PassThrough & { unsubscribe: jest.Mock<Promise<void>, []> };

function fakeStream(): FakeStream {
  const stream = new PassThrough({ objectMode: true, highWaterMark: 1000 }) as FakeStream;
  stream.unsubscribe = jest.fn(async () => undefined);
  return stream;
}

async function until(condition: () => boolean, what: string, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** What the client makes of the server's `Status(Unknown, "Trying to read from an invalid position.")`. */
function invalidPosition(): Error {
  const details = 'Trying to read from an invalid position.';
  return new UnknownError({ code: 2, details, message: `2 UNKNOWN: ${details}` } as never);
}

function unavailable(): Error {
  return Object.assign(new Error('connection dropped'), { type: ErrorType.UNAVAILABLE });
}

/** A scripted server: every (re)subscription gets a fresh stream the test writes to. */
function harness(head: number, deps: Partial<AllSubscriptionDeps> = {}) {
  const streams: FakeStream[] = [];
  const opened: ReadPosition[] = [];
  const delays: number[] = [];
  const batches: number[][] = [];
  const warnings: string[] = [];
  const base: AllSubscriptionDeps = {
    open: (from) => {
      opened.push(from);
      const stream = fakeStream();
      streams.push(stream);
      return stream;
    },
    headPosition: async () => head,
    // A script where every position asked for is an event's: the server accepts it as a start.
    startAfter: async (n) => ({ commit: BigInt(n), prepare: BigInt(n) }),
    sleep: async (ms) => {
      delays.push(ms);
    },
    random: () => 1,
    logger: { warn: (msg) => warnings.push(msg), log: () => undefined },
    ...deps,
  };
  const delivered = (): number[] => batches.flat();
  const record = async (events: StoredEvent[]): Promise<void> => {
    batches.push(events.map((e) => e.position));
  };
  return { base, streams, opened, delays, batches, warnings, delivered, record };
}

describe('SubscriptionCursor', () => {
  it('starts at the beginning for 0 and, otherwise, where it is told once the server-accepted start is known', () => {
    expect(new SubscriptionCursor(0).hasStart()).toBe(true);
    expect(new SubscriptionCursor(0).resumeFrom()).toBe(START);
    const cursor = new SubscriptionCursor(700);
    expect(cursor.hasStart()).toBe(false);
    expect(() => cursor.resumeFrom()).toThrow();
    cursor.startAt({ commit: 700n, prepare: 700n });
    expect(cursor.resumeFrom()).toEqual({ commit: 700n, prepare: 700n });
  });

  it('started at a record before fromPosition (no event there), drops everything up to fromPosition', () => {
    const cursor = new SubscriptionCursor(650);
    cursor.startAt({ commit: 600n, prepare: 600n });
    expect(cursor.accept({ commit: 620n, prepare: 620n })).toBe(false);
    expect(cursor.accept({ commit: 650n, prepare: 650n })).toBe(false);
    expect(cursor.accept({ commit: 700n, prepare: 700n })).toBe(true);
    expect(cursor.deliveredNumber()).toBe(650);
    cursor.commit();
    expect(cursor.resumeFrom()).toEqual({ commit: 700n, prepare: 700n });
  });

  it('drops events at or before the start position and replays after a resume', () => {
    const cursor = new SubscriptionCursor(200);
    cursor.startAt({ commit: 200n, prepare: 200n });
    expect(cursor.accept({ commit: 100n, prepare: 100n })).toBe(false);
    expect(cursor.accept({ commit: 200n, prepare: 200n })).toBe(false);
    expect(cursor.accept({ commit: 300n, prepare: 300n })).toBe(true);
    expect(cursor.accept({ commit: 300n, prepare: 300n })).toBe(false);
  });

  it('resumes from the last delivered event, not the last received one', () => {
    const cursor = new SubscriptionCursor(0);
    cursor.accept({ commit: 100n, prepare: 100n });
    cursor.accept({ commit: 200n, prepare: 200n });
    cursor.commit();
    cursor.accept({ commit: 300n, prepare: 300n }); // pulled, handler not called yet, then the connection drops
    cursor.rewind();
    expect(cursor.resumeFrom()).toEqual({ commit: 200n, prepare: 200n });
    expect(cursor.deliveredNumber()).toBe(200);
    expect(cursor.accept({ commit: 200n, prepare: 200n })).toBe(false);
    expect(cursor.accept({ commit: 300n, prepare: 300n })).toBe(true);
  });

  it('keeps the full {commit, prepare} to resume from, even when they differ', () => {
    const cursor = new SubscriptionCursor(0);
    cursor.accept({ commit: 900n, prepare: 800n });
    cursor.commit();
    expect(cursor.resumeFrom()).toEqual({ commit: 900n, prepare: 800n });
    expect(cursor.accept({ commit: 900n, prepare: 850n })).toBe(true);
  });
});

describe('isPermanentSubscriptionError', () => {
  it('gives up only on errors a reconnect cannot fix', () => {
    expect(isPermanentSubscriptionError({ type: ErrorType.ACCESS_DENIED })).toBe(true);
    expect(isPermanentSubscriptionError({ type: ErrorType.INVALID_ARGUMENT })).toBe(true);
    // The client has no class for these statuses: UnknownError, type 'unknown', with the gRPC code.
    expect(isPermanentSubscriptionError(invalidPosition())).toBe(true);
    expect(isPermanentSubscriptionError(new UnknownError({ code: 3, details: 'bad filter', message: '3 INVALID_ARGUMENT: bad filter' } as never))).toBe(true);
    expect(isPermanentSubscriptionError(new UnknownError({ code: 13, details: 'RST_STREAM', message: '13 INTERNAL: RST_STREAM' } as never))).toBe(false);
    // A proxy in front of a restarting server: UNKNOWN for its 500 or no status, UNIMPLEMENTED for its 404.
    expect(isPermanentSubscriptionError(new UnknownError({ code: 2, details: 'No status information received', message: '2 UNKNOWN: No status information received' } as never))).toBe(false);
    expect(isPermanentSubscriptionError(new UnknownError({ code: 12, details: 'Received HTTP status code 404', message: '12 UNIMPLEMENTED: Received HTTP status code 404' } as never))).toBe(false);
    expect(isPermanentSubscriptionError({ type: ErrorType.UNAVAILABLE })).toBe(false);
    expect(isPermanentSubscriptionError({ type: ErrorType.NOT_LEADER })).toBe(false);
    expect(isPermanentSubscriptionError(new Error('socket hang up'))).toBe(false);
    expect(isPermanentSubscriptionError(undefined)).toBe(false);
  });
});

describe('EsdbAllSubscription (scripted streams, no server)', () => {
  it('catches up in batches, resolves caughtUp at the head known at start, then delivers live events', async () => {
    const h = harness(300);
    const sub = new EsdbAllSubscription({ fromPosition: 0, batchSize: 2, onEvents: h.record }, h.base);
    await until(() => h.streams.length === 1, 'subscribe');
    let caughtUp = false;
    void sub.caughtUp.then(() => (caughtUp = true));
    for (const p of [100, 200, 300]) h.streams[0].write(at(p));
    await until(() => caughtUp, 'caughtUp');
    expect(h.batches).toEqual([[100, 200], [300]]);
    h.streams[0].write(at(400));
    await until(() => h.delivered().length === 4, 'live event');
    expect(h.delivered()).toEqual([100, 200, 300, 400]);
    expect(h.opened).toEqual([START]);
    await sub.close();
  });

  it('is caught up at once when nothing follows fromPosition', async () => {
    const h = harness(500);
    const sub = new EsdbAllSubscription({ fromPosition: 500, onEvents: h.record }, h.base);
    await sub.caughtUp;
    await until(() => h.opened.length === 1, 'subscribe');
    expect(h.opened).toEqual([{ commit: 500n, prepare: 500n }]);
    await sub.close();
  });

  it('refuses to start beyond the head of the log, as the embedded store does: onError, caughtUp rejects, nothing opened', async () => {
    // A projector checkpoint from a newer (or restored) log: starting would skip every event up to 700.
    const h = harness(500);
    const errors: unknown[] = [];
    const sub = new EsdbAllSubscription({ fromPosition: 700, onEvents: h.record, onError: (e) => errors.push(e) }, h.base);
    const refused = await sub.caughtUp.then(
      () => 'caught up',
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(SubscriptionBeyondHeadError);
    expect((refused as Error).message).toBe('subscription starts at position 700, beyond the log head 500');
    expect(errors).toEqual([refused]);
    expect(h.opened).toEqual([]);
    expect(h.delays).toEqual([]);
    await sub.close();
    expect(h.delivered()).toEqual([]);
  });

  it('rejects caughtUp when it fails for good before catching up (it does not hang)', async () => {
    const h = harness(300);
    const errors: unknown[] = [];
    const sub = new EsdbAllSubscription(
      {
        onEvents: async () => {
          throw new Error('projection failed');
        },
        onError: (e) => errors.push(e),
      },
      h.base,
    );
    await until(() => h.streams.length === 1, 'subscribe');
    h.streams[0].write(at(100));
    await expect(sub.caughtUp).rejects.toThrow('projection failed');
    expect(errors).toHaveLength(1);
    await sub.close();
  });

  it('reconnects after a drop from the last delivered position, without a gap or a duplicate', async () => {
    const h = harness(100);
    const sub = new EsdbAllSubscription({ fromPosition: 0, onEvents: h.record }, h.base);
    await until(() => h.streams.length === 1, 'subscribe');
    h.streams[0].write(at(100));
    h.streams[0].write(at(200));
    await until(() => h.delivered().length === 2, 'first two');
    h.streams[0].destroy(unavailable());

    await until(() => h.streams.length === 2, 'resubscribe');
    expect(h.opened[1]).toEqual({ commit: 200n, prepare: 200n });
    expect(h.delays).toEqual([100]);
    expect(h.streams[0].unsubscribe).toHaveBeenCalled();
    // A server that replays the start position and even older events must not cause repeats.
    for (const p of [100, 200, 300, 400]) h.streams[1].write(at(p));
    await until(() => h.delivered().length >= 4, 'after resume');
    expect(h.delivered()).toEqual([100, 200, 300, 400]);
    expect(h.warnings[0]).toMatch(/dropped \(connection dropped\).*100 ms.*position 200/);
    await sub.close();
  });

  it('treats a stream the server simply ends as a drop', async () => {
    const h = harness(0);
    const sub = new EsdbAllSubscription({ fromPosition: 0, onEvents: h.record }, h.base);
    await until(() => h.streams.length === 1, 'subscribe');
    h.streams[0].write(at(100));
    await until(() => h.delivered().length === 1, 'first');
    h.streams[0].end();
    await until(() => h.streams.length === 2, 'resubscribe');
    expect(h.opened[1]).toEqual({ commit: 100n, prepare: 100n });
    await sub.close();
  });

  it('skips system and binary events but moves its resume point past them', async () => {
    const h = harness(100);
    const sub = new EsdbAllSubscription({ fromPosition: 0, onEvents: h.record }, h.base);
    await until(() => h.streams.length === 1, 'subscribe');
    h.streams[0].write(at(100));
    h.streams[0].write(at(150, { type: '$metadata' }));
    h.streams[0].write(at(160, { isJson: false, data: new Uint8Array([1]) }));
    await until(() => h.delivered().length === 1, 'user event');
    await new Promise((resolve) => setTimeout(resolve, 5));
    h.streams[0].destroy(unavailable());
    await until(() => h.streams.length === 2, 'resubscribe');
    expect(h.delivered()).toEqual([100]);
    expect(h.opened[1]).toEqual({ commit: 160n, prepare: 160n });
    await sub.close();
  });

  it('backs off exponentially while reconnects fail and starts over once a connection delivers an event', async () => {
    let failures = 3;
    const h = harness(0);
    const open = h.base.open;
    h.base.open = (from, hwm) => {
      if (failures > 0) {
        failures -= 1;
        throw unavailable();
      }
      return open(from, hwm);
    };
    const sub = new EsdbAllSubscription({ fromPosition: 0, onEvents: h.record }, h.base);
    await until(() => h.streams.length === 1, 'first successful subscribe');
    expect(h.delays).toEqual([100, 200, 400]);
    h.streams[0].write(at(100));
    await until(() => h.delivered().length === 1, 'an event');
    h.streams[0].destroy(unavailable());
    await until(() => h.streams.length === 2, 'resubscribe');
    expect(h.delays).toEqual([100, 200, 400, 100]);
    // The server's caught-up signal is progress too.
    h.streams[1].emit('caughtUp');
    h.streams[1].destroy(unavailable());
    await until(() => h.streams.length === 3, 'resubscribe again');
    expect(h.delays).toEqual([100, 200, 400, 100, 100]);
    await sub.close();
  });

  it('does not start over on a mere confirmation: a server that confirms, then fails, is stopped by maxReconnectAttempts', async () => {
    const h = harness(100, { maxReconnectAttempts: 3 });
    const errors: unknown[] = [];
    const sub = new EsdbAllSubscription({ onEvents: h.record, onError: (e) => errors.push(e) }, h.base);
    for (let n = 1; n <= 4; n += 1) {
      await until(() => h.streams.length === n || errors.length > 0, `subscription #${n}`);
      const stream = h.streams[n - 1];
      stream.emit('confirmation');
      stream.destroy(Object.assign(new Error('13 INTERNAL: Received RST_STREAM with code 2'), { type: ErrorType.UNKNOWN, code: 13 }));
    }
    await until(() => errors.length === 1, 'onError');
    expect(h.delays).toEqual([100, 200, 400]);
    expect(h.streams).toHaveLength(4);
    expect((errors[0] as Error).message).toMatch(/RST_STREAM/);
    await expect(sub.caughtUp).rejects.toBe(errors[0]);
    await sub.close();
  });

  it("stops at once, through onError, when the server refuses the position (the client's UnknownError)", async () => {
    const h = harness(0);
    const errors: unknown[] = [];
    const sub = new EsdbAllSubscription({ onEvents: h.record, onError: (e) => errors.push(e) }, h.base);
    await until(() => h.streams.length === 1, 'subscribe');
    h.streams[0].emit('confirmation');
    h.streams[0].destroy(invalidPosition());
    await until(() => errors.length === 1, 'onError');
    expect(errors[0]).toBeInstanceOf(UnknownError);
    expect(h.delays).toEqual([]);
    expect(h.streams).toHaveLength(1);
    await sub.close();
  });

  it('reports a failure for good after maxReconnectAttempts and on errors a retry cannot fix', async () => {
    const h = harness(0, { maxReconnectAttempts: 2 });
    h.base.open = () => {
      throw unavailable();
    };
    const errors: unknown[] = [];
    const sub = new EsdbAllSubscription({ onEvents: h.record, onError: (e) => errors.push(e) }, h.base);
    await until(() => errors.length === 1, 'onError');
    expect(h.delays).toEqual([100, 200]);
    await sub.close();

    const denied = harness(0);
    const deniedErrors: unknown[] = [];
    const sub2 = new EsdbAllSubscription(
      { onEvents: denied.record, onError: (e) => deniedErrors.push(e) },
      denied.base,
    );
    await until(() => denied.streams.length === 1, 'subscribe');
    denied.streams[0].destroy(Object.assign(new Error('denied'), { type: ErrorType.ACCESS_DENIED }));
    await until(() => deniedErrors.length === 1, 'onError');
    expect(denied.delays).toEqual([]);
    expect(denied.streams).toHaveLength(1);
    await sub2.close();
  });

  it('stops for good when the handler throws, without reconnecting or calling it again', async () => {
    const h = harness(0);
    const errors: unknown[] = [];
    let calls = 0;
    const sub = new EsdbAllSubscription(
      {
        batchSize: 1,
        onEvents: async () => {
          calls += 1;
          throw new Error('projection failed');
        },
        onError: (e) => errors.push(e),
      },
      h.base,
    );
    await until(() => h.streams.length === 1, 'subscribe');
    h.streams[0].write(at(100));
    h.streams[0].write(at(200));
    await until(() => errors.length === 1, 'onError');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(calls).toBe(1);
    expect((errors[0] as Error).message).toBe('projection failed');
    expect(h.streams).toHaveLength(1);
    expect(h.streams[0].unsubscribe).toHaveBeenCalled();
    await sub.close();
  });

  it('waits for each handler call before the next (back-pressure)', async () => {
    const h = harness(0);
    let active = 0;
    let maxActive = 0;
    const seen: number[] = [];
    const sub = new EsdbAllSubscription(
      {
        batchSize: 1,
        onEvents: async (events) => {
          active += 1;
          maxActive = Math.max(maxActive, active);
          await new Promise((resolve) => setTimeout(resolve, 3));
          seen.push(...events.map((e) => e.position));
          active -= 1;
        },
      },
      h.base,
    );
    await until(() => h.streams.length === 1, 'subscribe');
    for (const p of [100, 200, 300, 400, 500]) h.streams[0].write(at(p));
    await until(() => seen.length === 5, 'all events');
    expect(maxActive).toBe(1);
    expect(seen).toEqual([100, 200, 300, 400, 500]);
    await sub.close();
  });

  it('can be closed from inside the handler; nothing is delivered afterwards', async () => {
    const h = harness(0);
    const seen: number[] = [];
    let sub!: EsdbAllSubscription;
    sub = new EsdbAllSubscription(
      {
        batchSize: 1,
        onEvents: async (events) => {
          seen.push(...events.map((e) => e.position));
          await sub.close();
        },
      },
      h.base,
    );
    await until(() => h.streams.length === 1, 'subscribe');
    h.streams[0].write(at(100));
    h.streams[0].write(at(200));
    await until(() => seen.length === 1, 'first event');
    await sub.close();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen).toEqual([100]);
    expect(h.streams[0].destroyed).toBe(true);
  });

  it('closed from elsewhere while the handler runs, close waits for the handler to return', async () => {
    const h = harness(0);
    const steps: string[] = [];
    let entered = false;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const sub = new EsdbAllSubscription(
      {
        batchSize: 1,
        onEvents: async () => {
          entered = true;
          await released;
          steps.push('handler returned');
        },
      },
      h.base,
    );
    await until(() => h.streams.length === 1, 'subscribe');
    h.streams[0].write(at(100));
    await until(() => entered, 'the handler to start');
    const closing = sub.close().then(() => steps.push('close returned'));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(steps).toEqual([]);
    release();
    await closing;
    expect(steps).toEqual(['handler returned', 'close returned']);
  });

  it('closes promptly while waiting to reconnect', async () => {
    const h = harness(0, { sleep: undefined, backoff: { initialMs: 60_000, maxMs: 60_000 } });
    const sub = new EsdbAllSubscription({ onEvents: h.record }, h.base);
    await until(() => h.streams.length === 1, 'subscribe');
    h.streams[0].destroy(unavailable());
    await until(() => h.warnings.length === 1, 'drop noticed');
    // The backoff is 60 s: a close() that waited it out would still be waiting after 5.
    const closed = await Promise.race([sub.close().then(() => 'closed'), new Promise((resolve) => setTimeout(resolve, 5000, 'still waiting'))]);
    expect(closed).toBe('closed');
    expect(h.streams).toHaveLength(1);
  });

  it("uses the server's caught-up signal only once every earlier event has been delivered", async () => {
    // The head read at start is never reached (e.g. scavenged), so only the signal can resolve caughtUp.
    const h = harness(10_000);
    const atResolve: number[][] = [];
    const sub = new EsdbAllSubscription({ fromPosition: 0, batchSize: 1, onEvents: h.record }, h.base);
    void sub.caughtUp.then(() => atResolve.push(h.delivered()));
    await until(() => h.streams.length === 1, 'subscribe');
    h.streams[0].write(at(100));
    h.streams[0].write(at(200));
    h.streams[0].emit('caughtUp');
    await until(() => atResolve.length === 1, 'caughtUp');
    expect(atResolve[0]).toEqual([100, 200]);
    await sub.close();
  });
});
