/**
 * The `$all` catch-up subscription behind `EsdbEventStore.subscribeToAll`, written against a
 * narrow `open(from)` seam so the resume/dedup/backoff logic runs in unit tests with fake
 * streams and no server.
 *
 * - Catch-up then live comes from one ESDB subscription (the server switches over without a gap).
 * - It starts from `fromPosition` only when that is where an event is (the server refuses a
 *   position where no record starts); for any other number `startAfter` finds a record before it
 *   and the cursor drops everything up to `fromPosition`.
 * - Drops (server restart, leader change, network) reconnect with exponential backoff from the
 *   last *delivered* position. The cursor drops anything at or before it, so a resume that
 *   replays the start position (or older events) never redelivers.
 * - `caughtUp`: the head of the log is read once at start; the promise resolves when an
 *   event at or past it has been delivered (immediately if the log ends at `fromPosition`).
 *   The v6 client's own `caughtUp` event is used only as a second signal and only when the
 *   readable buffer is empty: the client emits it from its Transform while earlier events may
 *   still sit unread in the buffer, and only servers >= 23.10 send it at all.
 * - A `fromPosition` beyond that head is refused (`SubscriptionBeyondHeadError` through `onError`,
 *   `caughtUp` rejects), as the embedded store does: a checkpoint from a newer or restored log
 *   would otherwise silently skip every event until the log reached it.
 */
import { ErrorType, START, type AllStreamResolvedEvent, type Position, type ReadPosition } from '@eventstore/db-client';
import { SubscriptionBeyondHeadError, type StoredEvent, type SubscribeOptions, type Subscription } from '../event-store.port';
import { isInHandlerOf, runAsHandlerOf } from '../subscription-scope';
import { backoffDelay, type BackoffOptions } from './backoff';
import {
  bigintToSafeNumber,
  compareEsdbPositions,
  numberToEsdbPosition,
  toStoredEvent,
  userEventOf,
  type OwnsStream,
} from './esdb-mapping';

export interface EsdbLogger {
  warn(msg: string): void;
  log(msg: string): void;
}

/** What the runner needs of a live subscription; the client's `AllStreamSubscription` is one. */
export interface AllSubscriptionStream extends AsyncIterable<AllStreamResolvedEvent> {
  /** Messages already buffered: a batch is handed over as soon as this drops to 0. */
  readonly readableLength: number;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  unsubscribe(): Promise<void>;
  destroy(): unknown;
}

export interface AllSubscriptionDeps {
  /** Opens a server-filtered `$all` subscription starting after `from`. */
  open(from: ReadPosition, highWaterMark: number): AllSubscriptionStream;
  /** The port's position of the last user event in the log (0 when none). */
  headPosition(): Promise<number>;
  /**
   * A position the server accepts to start from (exclusive) and see every event after port
   * position `fromPosition` (> 0): the position itself when an event is there, else a record
   * before it. ESDB positions are sparse byte offsets; the server refuses any other.
   */
  startAfter(fromPosition: number): Promise<ReadPosition>;
  /** The ledger's streams: events of other streams are skipped; an event of these that is not a JSON object stops the subscription (CorruptEventError). */
  ownsStream?: OwnsStream;
  logger?: EsdbLogger;
  backoff?: BackoffOptions;
  /** Consecutive failed reconnects before giving up and calling `onError` (default: never give up). */
  maxReconnectAttempts?: number;
  random?: () => number;
  /** Injectable for tests; must resolve early when `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/**
 * Tracks what has been received and delivered so a reconnect neither skips nor repeats.
 * `received` advances as events are pulled from the stream (user events and skipped ones);
 * `delivered` advances only after the handler accepted the batch; a reconnect rewinds to it.
 * The first connection starts where `startAt` says (a position the server accepts, possibly a
 * record before `fromPosition`); whatever is at or before `fromPosition` is dropped.
 */
export class SubscriptionCursor {
  private delivered: Position | undefined;
  private received: Position | undefined;
  private start: ReadPosition | undefined;
  private readonly after: bigint;

  constructor(private readonly fromPosition: number) {
    // Validates the number (an integer >= 0).
    this.start = numberToEsdbPosition(fromPosition) === START ? START : undefined;
    this.after = BigInt(fromPosition);
  }

  /** Whether the first connection's start is known (always for 0; else once `startAt` was called). */
  hasStart(): boolean {
    return this.start !== undefined;
  }

  /** Where the server is to start (exclusive) so that it sends every event after `fromPosition`. */
  startAt(position: ReadPosition): void {
    this.start = position;
  }

  /** Where a (re)opened subscription starts: after the last delivered event, else at the start found for `fromPosition`. */
  resumeFrom(): ReadPosition {
    const from = this.delivered ?? this.start;
    if (from === undefined) throw new Error('the start of the subscription is not known yet');
    return from;
  }

  /** Records a pulled event; false when it is at or before `fromPosition` or something already seen (a replay to drop). */
  accept(position: Position): boolean {
    if (position.prepare <= this.after) return false;
    if (this.received && compareEsdbPositions(position, this.received) <= 0) return false;
    this.received = position;
    return true;
  }

  /** Everything received so far has been handed to (or deliberately skipped for) the handler. */
  commit(): void {
    this.delivered = this.received;
  }

  /** Forget received-but-undelivered events: they will be read again after a reconnect. */
  rewind(): void {
    this.received = this.delivered;
  }

  /** The port's position of the last delivered (or skipped) event, or `fromPosition`. */
  deliveredNumber(): number {
    return this.delivered ? bigintToSafeNumber(this.delivered.prepare, 'log position') : this.fromPosition;
  }
}

/**
 * gRPC status codes with which the server refuses the request itself (the v6 client has no error
 * class for them and hands them over as `UnknownError`, type `unknown`): INVALID_ARGUMENT,
 * FAILED_PRECONDITION, OUT_OF_RANGE. UNKNOWN is permanent only as "Trying to read from an invalid
 * position." (isInvalidPositionError): grpc-js also gives it for "No status information received"
 * and a proxy's HTTP 500, as it gives UNIMPLEMENTED for a proxy's 404, during a restart behind one.
 * Those, INTERNAL (a reset HTTP/2 stream) and RESOURCE_EXHAUSTED are left to the retry.
 */
const REFUSED_STATUS_CODES = new Set([3, 9, 11]);

/** The server's answer to a read or subscription from a position that is not a record's. */
export function isInvalidPositionError(error: unknown): boolean {
  const { type, message, details } = (error ?? {}) as { type?: unknown; message?: unknown; details?: unknown };
  if (type !== ErrorType.UNKNOWN) return false;
  return [message, details].some((text) => typeof text === 'string' && /invalid position/i.test(text));
}

/** Errors a reconnect cannot fix: the server refused the request itself. Everything else is retried. */
export function isPermanentSubscriptionError(error: unknown): boolean {
  const { type, code } = (error ?? {}) as { type?: unknown; code?: unknown };
  if (type === ErrorType.ACCESS_DENIED || type === ErrorType.INVALID_ARGUMENT || type === ErrorType.UNSUPPORTED) return true;
  return isInvalidPositionError(error) || (type === ErrorType.UNKNOWN && typeof code === 'number' && REFUSED_STATUS_CODES.has(code));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

type Outcome = 'stopped' | 'ended';

export class EsdbAllSubscription implements Subscription {
  readonly caughtUp: Promise<void>;
  private resolveCaughtUp!: () => void;
  private rejectCaughtUp!: (error: unknown) => void;
  private isCaughtUp = false;
  private closed = false;
  private current: AllSubscriptionStream | undefined;
  private readonly abort = new AbortController();
  private readonly cursor: SubscriptionCursor;
  private readonly batchSize: number;
  private readonly done: Promise<void>;

  constructor(
    private readonly options: SubscribeOptions,
    private readonly deps: AllSubscriptionDeps,
    private readonly onClosed?: (sub: EsdbAllSubscription) => void,
  ) {
    this.caughtUp = new Promise((resolve, reject) => {
      this.resolveCaughtUp = resolve;
      this.rejectCaughtUp = reject;
    });
    // A failure is reported through onError; callers need not await caughtUp.
    this.caughtUp.catch(() => undefined);
    this.cursor = new SubscriptionCursor(options.fromPosition ?? 0);
    this.batchSize = Math.max(1, Math.floor(options.batchSize ?? 500));
    this.done = this.run().finally(() => this.onClosed?.(this));
  }

  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.abort.abort();
      if (this.current) await this.stopStream(this.current);
    }
    // From inside the handler the loop cannot finish until the handler returns, so do not wait
    // for it there; `closed` already guarantees no further handler call starts. From anywhere
    // else, wait: the caller must know no handler call is still running.
    if (!isInHandlerOf(this)) await this.done;
  }

  private async run(): Promise<void> {
    let attempt = 0;
    let head: number | undefined;
    while (!this.closed) {
      let failure: unknown;
      try {
        if (head === undefined) {
          head = await this.deps.headPosition();
          const from = this.cursor.deliveredNumber();
          if (from > head) {
            // Not a connection problem: a checkpoint ahead of the log would skip the events appended next.
            this.fail(new SubscriptionBeyondHeadError(from, head));
            return;
          }
          if (from >= head) this.markCaughtUp();
        }
        if (!this.cursor.hasStart()) this.cursor.startAt(await this.deps.startAfter(this.cursor.deliveredNumber()));
        // The count of failed attempts starts over only once a connection made progress (an event
        // received or the server's caught-up signal): a server that confirms every subscription
        // and then fails it is still failing, and maxReconnectAttempts must stop it.
        const outcome = await this.consume(head, () => {
          if (attempt > 0) {
            this.deps.logger?.log(`esdb $all subscription resumed from position ${this.cursor.deliveredNumber()}`);
          }
          attempt = 0;
        });
        if (outcome === 'stopped') return;
        failure = new Error('the server ended the subscription');
      } catch (error) {
        failure = error;
      }
      if (this.closed) return;
      const max = this.deps.maxReconnectAttempts ?? Number.POSITIVE_INFINITY;
      if (isPermanentSubscriptionError(failure) || attempt >= max) {
        this.fail(failure);
        return;
      }
      const delay = backoffDelay(attempt++, this.deps.backoff, this.deps.random);
      this.deps.logger?.warn(
        `esdb $all subscription dropped (${describe(failure)}); reconnect #${attempt} in ${delay} ms ` +
          `from position ${this.cursor.deliveredNumber()}`,
      );
      await (this.deps.sleep ?? defaultSleep)(delay, this.abort.signal);
    }
  }

  /** One connection: read until it ends, fails, the handler fails or we are closed. */
  private async consume(head: number, onProgress: () => void): Promise<Outcome> {
    this.cursor.rewind();
    const stream = this.deps.open(this.cursor.resumeFrom(), this.batchSize);
    this.current = stream;
    // Failures surface through the iterator; this listener keeps a late 'error' (after we
    // stopped iterating) from crashing the process as an unhandled stream error.
    stream.on('error', () => undefined);
    let serverCaughtUp = false;
    stream.on('caughtUp', () => {
      serverCaughtUp = true;
      onProgress();
    });
    try {
      if (this.closed) return 'stopped';
      let batch: StoredEvent[] = [];
      for await (const message of stream) {
        if (this.closed) return 'stopped';
        const position = message.event?.position;
        if (!position || !this.cursor.accept(position)) continue;
        onProgress();
        const user = userEventOf(message, this.deps.ownsStream);
        if (user) {
          try {
            batch.push(toStoredEvent(user));
          } catch (error) {
            // Not a connection problem: reconnecting would hit the same event again.
            this.fail(error);
            return 'stopped';
          }
        }
        if (batch.length < this.batchSize && stream.readableLength > 0) continue;
        // Everything the server sent before its caught-up marker is in hand when the buffer is empty.
        const signalled = serverCaughtUp && stream.readableLength === 0;
        if (batch.length > 0) {
          if (this.closed) return 'stopped';
          const events = batch;
          batch = [];
          try {
            await runAsHandlerOf(this, () => this.options.onEvents(events));
          } catch (error) {
            this.fail(error);
            return 'stopped';
          }
        }
        this.cursor.commit();
        if (signalled || this.cursor.deliveredNumber() >= head) this.markCaughtUp();
      }
      return this.closed ? 'stopped' : 'ended';
    } finally {
      await this.stopStream(stream);
      if (this.current === stream) this.current = undefined;
    }
  }

  private async stopStream(stream: AllSubscriptionStream): Promise<void> {
    try {
      await stream.unsubscribe();
    } catch {
      // Already gone: the point was only to release the server-side subscription.
    }
    stream.destroy();
  }

  private markCaughtUp(): void {
    if (this.isCaughtUp) return;
    this.isCaughtUp = true;
    this.resolveCaughtUp();
  }

  private fail(error: unknown): void {
    if (this.closed) return;
    this.closed = true;
    this.abort.abort();
    if (!this.isCaughtUp) this.rejectCaughtUp(error);
    if (!this.options.onError) {
      this.deps.logger?.warn(`esdb $all subscription stopped: ${describe(error)}`);
      return;
    }
    try {
      this.options.onError(error);
    } catch (thrown) {
      // A throwing error callback must not turn into an unhandled rejection of the loop.
      this.deps.logger?.warn(`esdb $all subscription onError threw: ${describe(thrown)}`);
    }
  }
}
