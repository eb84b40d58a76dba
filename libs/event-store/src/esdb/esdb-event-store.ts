/**
 * The EventStore port on EventStoreDB (`@eventstore/db-client` v6, gRPC).
 * Mapping rules (revisions, positions, which events are ours) live in `esdb-mapping.ts`; the
 * `$all` subscription with reconnect lives in `esdb-subscription.ts`.
 */
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
  type AllStreamResolvedEvent,
  type BaseOptions,
  type Position,
  type ReadPosition,
  type ReadRevision,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { canonicalJson } from '../integrity/canonical-json';
import {
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type StoredEvent,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port';
import type { BackoffOptions } from './backoff';
import {
  assertUuid,
  bigintToSafeNumber,
  compareEsdbPositions,
  esdbPositionToNumber,
  numberToEsdbPosition,
  recordedPosition,
  satisfiesExpectedRevision,
  toEsdbExpectedRevision,
  toStoredEvent,
  toWrongExpectedRevisionError,
  userEventOf,
  type OwnsStream,
} from './esdb-mapping';
import { EsdbAllSubscription, isInvalidPositionError, type EsdbLogger } from './esdb-subscription';

export interface EsdbEventStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false`, or a gossip seed list for a cluster. Not needed when `client` is given. */
  connectionString?: string;
  /** An existing client; the caller keeps ownership (it is not disposed by `close()`). */
  client?: EventStoreDBClient;
  logger?: EsdbLogger;
  /** Reconnect schedule of `$all` subscriptions (default 100 ms doubling to 5 s, with jitter). */
  reconnect?: BackoffOptions & { maxAttempts?: number };
  /** Events per request when paging through `$all` or a stream (default 500). */
  pageSize?: number;
  /**
   * Which streams are the ledger's. When given, `$all` reads, `headPosition` and subscriptions
   * skip every event of other streams (another application's, on a shared server), JSON or not,
   * as they skip system events; an event of these streams that is not a JSON object raises
   * `CorruptEventError`, as the embedded store does. Without it, events that are not JSON
   * objects are skipped and all others are taken as the ledger's.
   */
  ownsStream?: OwnsStream;
}

async function collect<T>(read: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of read) out.push(item);
  return out;
}

/** Whether a stored event carries what was sent (type, data, metadata), compared as canonical JSON. */
function sameContent(stored: StoredEvent, sent: EventToAppend): boolean {
  const json = (value: unknown) => canonicalJson(JSON.parse(JSON.stringify(value ?? {})));
  return stored.type === sent.type && json(stored.data) === json(sent.data) && json(stored.metadata) === json(sent.metadata);
}

export class EsdbEventStore implements EventStore {
  /** ESDB only de-duplicates a retried write at the same expected revision, so the ledger looks ids up itself. */
  readonly enforcesUniqueEventIds = false;
  private readonly client: EventStoreDBClient;
  private readonly ownsClient: boolean;
  private readonly pageSize: number;
  private readonly subscriptions = new Set<EsdbAllSubscription>();
  private closed = false;
  /**
   * What the last `headPosition` found: the newest record of `$all` then (of any stream) and the
   * head of the ledger. Events of ours appended since come after that record, so the next walk back
   * from the end can stop there: on a shared server it goes through the other applications' events
   * appended since, not through all of those since our last event each time.
   */
  private lastHead: { newest: Position; head: number } | undefined;

  constructor(private readonly options: EsdbEventStoreOptions) {
    if (options.client) {
      this.client = options.client;
      this.ownsClient = false;
    } else if (options.connectionString) {
      this.client = EventStoreDBClient.connectionString(options.connectionString);
      this.ownsClient = true;
    } else {
      throw new Error('EsdbEventStore needs a connectionString or a client');
    }
    this.pageSize = Math.max(2, Math.floor(options.pageSize ?? 500));
  }

  async append(streamId: string, events: EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    const esdbExpected = toEsdbExpectedRevision(expectedRevision);
    if (events.length === 0) return this.appendNothing(streamId, expectedRevision);
    for (const event of events) assertUuid(event.id);

    let result;
    try {
      // One call = one server-side write (batch append), so the events land all together or not at all.
      result = await this.client.appendToStream(
        streamId,
        events.map((e) => jsonEvent({ id: e.id, type: e.type, data: e.data, metadata: e.metadata })),
        { expectedRevision: esdbExpected },
      );
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) throw toWrongExpectedRevisionError(error, streamId, expectedRevision);
      throw error;
    }
    if (!result.success) {
      // Only when the connection string sets throwOnAppendFailure=false; its revision is unreliable, so ask.
      const last = await this.readLastEvent(streamId);
      throw new WrongExpectedRevisionError(streamId, expectedRevision, last ? last.revision : 'no_stream');
    }

    // The append result carries one position for the whole write; the port wants each event's,
    // so read the written revisions back from the leader (read-your-writes).
    const last = bigintToSafeNumber(result.nextExpectedRevision, 'stream revision');
    const first = last - events.length + 1;
    const stored = await this.readStreamFrom(streamId, first, events.length, { requiresLeader: true });
    const sameIds =
      stored.length === events.length && stored.every((s, i) => s.id.toLowerCase() === events[i].id.toLowerCase());
    if (!sameIds) {
      throw new Error(`stream ${streamId}: revisions ${first}..${last} do not hold the events just appended`);
    }
    // The server takes a write whose ids it already holds at this expected revision as a retry and
    // answers success without writing (idempotent append). Only a byte-for-byte retry may pass as
    // one: events with these ids but other content are another write that did not land, which the
    // port reports as a duplicate id (the ledger then answers from the log or refuses the key).
    if (!stored.every((s, i) => sameContent(s, events[i]))) throw new DuplicateEventIdError(streamId);
    return { nextExpectedRevision: last, positions: stored.map((s) => s.position) };
  }

  async readStream(streamId: string, fromRevision = 0, limit?: number): Promise<StoredEvent[]> {
    this.assertOpen();
    if (!Number.isSafeInteger(fromRevision) || fromRevision < 0) {
      throw new RangeError(`fromRevision must be an integer >= 0, got ${String(fromRevision)}`);
    }
    if (limit !== undefined && limit <= 0) return [];
    return this.readStreamFrom(streamId, fromRevision, limit);
  }

  async readLastEvent(streamId: string): Promise<StoredEvent | undefined> {
    this.assertOpen();
    const page = await this.readStreamPage(streamId, BACKWARDS, END, 1);
    return page[0]?.event ? toStoredEvent(page[0].event) : undefined;
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    this.assertOpen();
    const fromPosition = options.fromPosition ?? 0;
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    // Validates the number; for 0 it is START, else where an event at `fromPosition` would be.
    const exact = numberToEsdbPosition(fromPosition);
    if (limit <= 0) return [];
    const after = BigInt(fromPosition);
    // Forward `$all` reads include their start position, and the start `recordAtOrBefore` finds
    // lies before `fromPosition`: keep only events past it, and when paging drop anything at or
    // before the last position seen.
    let seen: Position | undefined;
    const out: StoredEvent[] = [];
    let page: AllStreamResolvedEvent[];
    try {
      // Most callers pass the position of an event (a checkpoint, the end of the previous page):
      // one read. The server refuses any other number, and then a valid start is looked for.
      page = await this.readAllPage(FORWARDS, exact, this.pageSize);
    } catch (error) {
      if (!isInvalidPositionError(error)) throw error;
      page = await this.readAllPage(FORWARDS, await this.recordAtOrBefore(fromPosition), this.pageSize);
    }
    for (;;) {
      let progressed = false;
      for (const resolved of page) {
        const position = resolved.event?.position;
        if (!position || (seen && compareEsdbPositions(position, seen) <= 0)) continue;
        seen = position;
        progressed = true;
        if (position.prepare <= after) continue;
        const user = userEventOf(resolved, this.options.ownsStream);
        if (!user) continue;
        out.push(toStoredEvent(user));
        if (out.length >= limit) return out;
      }
      if (page.length < this.pageSize || !progressed || !seen) return out;
      page = await this.readAllPage(FORWARDS, seen, this.pageSize);
    }
  }

  /**
   * The events at these positions, in log order; a position where no event of the ledger is
   * (inside a record, another application's event, past the end) is left out. One read of one
   * event per position, from the position itself: the server refuses a position where no record
   * starts, which here means "no event there", so no walk through the log is needed.
   */
  async readEventsAt(positions: readonly number[]): Promise<StoredEvent[]> {
    this.assertOpen();
    const found: StoredEvent[] = [];
    for (const position of [...new Set(positions)].sort((a, b) => a - b)) {
      if (!Number.isSafeInteger(position) || position <= 0) continue;
      let page: AllStreamResolvedEvent[];
      try {
        page = await this.readAllPage(FORWARDS, numberToEsdbPosition(position), 1);
      } catch (error) {
        if (isInvalidPositionError(error)) continue;
        throw error;
      }
      const resolved = page[0];
      if (resolved?.event?.position?.prepare !== BigInt(position)) continue;
      const user = userEventOf(resolved, this.options.ownsStream);
      if (user) found.push(toStoredEvent(user));
    }
    return found;
  }

  async findEventsById(streamId: string, ids: string[]): Promise<StoredEvent[]> {
    this.assertOpen();
    const wanted = new Set(ids.map((id) => id.toLowerCase()));
    const found = new Map<string, StoredEvent>();
    let from: ReadRevision = END;
    // Retries concern recent commands, so walk back from the end and stop as soon as all are found.
    while (wanted.size > found.size) {
      const page = await this.readStreamPage(streamId, BACKWARDS, from, this.pageSize);
      for (const resolved of page) {
        const id = resolved.event?.id.toLowerCase();
        if (resolved.event && id && wanted.has(id) && !found.has(id)) found.set(id, toStoredEvent(resolved.event));
      }
      const oldest = page[page.length - 1]?.event?.revision;
      if (page.length < this.pageSize || oldest === undefined || oldest === 0n) break;
      from = oldest - 1n;
    }
    return [...found.values()].sort((a, b) => a.revision - b.revision);
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    // The last record is usually ours: one record first; past a tail of system events (stats,
    // metadata, ...) or other applications' events, larger pages.
    let previous = this.lastHead;
    let newest: Position | undefined;
    const found = (head: number): number => {
      if (newest) this.lastHead = { newest, head };
      return head;
    };
    for await (const { resolved, position } of this.recordsBackwards(1)) {
      newest ??= position;
      // A damaged event of ours still counts: readAll raises it rather than stopping short of it.
      const user = userEventOf(resolved, this.options.ownsStream);
      if (user) return found(esdbPositionToNumber(recordedPosition(user)));
      if (previous) {
        const order = compareEsdbPositions(position, previous.newest);
        // Back at the newest record the last call saw, without an event of ours since: same head.
        if (order === 0) return found(previous.head);
        // Past it without meeting it: the log is not the one seen (restored from a backup): walk on.
        if (order < 0) previous = undefined;
      }
    }
    return found(0);
  }

  /**
   * `$all` from its end backwards, each record once (a backward read from a position includes it,
   * so pages overlap by one), the first page of `firstPage` records and the others of pageSize.
   */
  private async *recordsBackwards(firstPage: number): AsyncGenerator<{ resolved: AllStreamResolvedEvent; position: Position }> {
    let from: ReadPosition = END;
    let size = firstPage;
    let seen: Position | undefined;
    for (;;) {
      const page = await this.readAllPage(BACKWARDS, from, size);
      let progressed = false;
      for (const resolved of page) {
        const position = resolved.event?.position;
        if (!position || (seen && compareEsdbPositions(position, seen) >= 0)) continue;
        seen = position;
        progressed = true;
        yield { resolved, position };
      }
      if (page.length < size || !progressed || !seen) return;
      from = seen;
      size = this.pageSize;
    }
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.assertOpen();
    const subscription = new EsdbAllSubscription(
      options,
      {
        open: (fromPosition, highWaterMark) =>
          this.client.subscribeToAll(
            // Server-side filter: system events ($-prefixed types) never cross the wire.
            { fromPosition, resolveLinkTos: false, filter: excludeSystemEvents() },
            { highWaterMark },
          ),
        headPosition: () => this.headPosition(),
        startAfter: (fromPosition) => this.startAfter(fromPosition),
        ownsStream: this.options.ownsStream,
        logger: this.options.logger,
        backoff: this.options.reconnect,
        maxReconnectAttempts: this.options.reconnect?.maxAttempts,
      },
      (closed) => this.subscriptions.delete(closed),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /**
   * Where a `$all` subscription must start (exclusive) to see every event after `fromPosition`:
   * START for 0; the position itself when the server accepts it (an event's, e.g. a checkpoint);
   * else the last record before it (events up to `fromPosition` are then dropped by the caller).
   */
  private async startAfter(fromPosition: number): Promise<ReadPosition> {
    const exact = numberToEsdbPosition(fromPosition);
    if (exact === START) return START;
    try {
      await this.readAllPage(FORWARDS, exact, 1);
      return exact;
    } catch (error) {
      if (!isInvalidPositionError(error)) throw error;
    }
    return this.recordAtOrBefore(fromPosition);
  }

  /**
   * The position of the last record of `$all` (of any kind: the server accepts it as a start) at
   * or before port position `n`, or START when there is none. ESDB positions are sparse byte
   * offsets and the client cannot seek to an arbitrary one, so this walks back from the end: as
   * many records as follow `n`, which a read or subscription from `n` then goes through anyway.
   */
  private async recordAtOrBefore(n: number): Promise<ReadPosition> {
    const bound = BigInt(n);
    for await (const { position } of this.recordsBackwards(this.pageSize)) if (position.prepare <= bound) return position;
    return START;
  }

  /**
   * Backwards reads find the log's head (headPosition, recordAtOrBefore): from the leader, as the
   * positions commands return are read back (read-your-writes). A node that is no longer the leader
   * (after an election the client stays on it until a write fails) may trail the commit point, and
   * a head that trails a position a client was just given turns its `consistentWith` into a 400.
   */
  private readAllPage(
    direction: typeof FORWARDS | typeof BACKWARDS,
    fromPosition: ReadPosition,
    maxCount: number,
  ): Promise<AllStreamResolvedEvent[]> {
    return collect(this.client.readAll({ direction, fromPosition, maxCount, ...(direction === BACKWARDS && { requiresLeader: true }) }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    if (this.ownsClient) await this.client.dispose();
  }

  /** ESDB refuses nothing for an empty write, so check the expected revision here, as a real append would. */
  private async appendNothing(streamId: string, expected: ExpectedRevision): Promise<AppendResult> {
    const last = await this.readLastEvent(streamId);
    const current = last ? last.revision : 'no_stream';
    if (!satisfiesExpectedRevision(expected, current)) throw new WrongExpectedRevisionError(streamId, expected, current);
    return { nextExpectedRevision: last ? last.revision : -1, positions: [] };
  }

  private async readStreamFrom(
    streamId: string,
    fromRevision: number,
    limit: number | undefined,
    base: BaseOptions = {},
  ): Promise<StoredEvent[]> {
    const page = await this.readStreamPage(streamId, FORWARDS, BigInt(fromRevision), limit, base);
    return page.flatMap((resolved) => (resolved.event ? [toStoredEvent(resolved.event)] : []));
  }

  /** One stream read; an unknown (or soft-deleted) stream reads as []. */
  private async readStreamPage(
    streamId: string,
    direction: typeof FORWARDS | typeof BACKWARDS,
    fromRevision: ReadRevision,
    maxCount: number | undefined,
    base: BaseOptions = {},
  ): Promise<ResolvedEvent[]> {
    try {
      return await collect(
        this.client.readStream(streamId, {
          ...base,
          direction,
          fromRevision,
          ...(maxCount === undefined ? {} : { maxCount }),
        }),
      );
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('EsdbEventStore is closed');
  }
}
