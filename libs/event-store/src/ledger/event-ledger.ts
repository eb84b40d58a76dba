import {
  DuplicateEventIdError,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  StoredEvent,
  WrongExpectedRevisionError,
} from '../event-store.port';
import { deterministicEventId } from '../integrity/event-id';
import { canonicalJson, canonicalJsonAround, canonicalJsonOfPlainData } from '../integrity/canonical-json';
import { bodyOfCanonicalParts, computeEventHash, GENESIS_HASH, hashOfBody } from '../integrity/hash-chain';

/** Where time comes from: passed in, so tests control "now". */
export interface Clock {
  now(): Date;
}

export interface Actor {
  sub: string;
  role: string;
}

/** Who asked for an append and why; `commandId` is the idempotency key. */
export interface CommandContext {
  commandId: string;
  actor: Actor;
  /** Defaults to the command id: the first command of a conversation starts it. */
  correlationId?: string;
  /** Defaults to the command id. A saga reacting to an event passes that event's id. */
  causationId?: string;
  /**
   * Digest of the request that carried the command (its idempotency fingerprint). Stored in
   * the metadata, so a later request with the same command id but another body is recognised.
   */
  requestDigest?: string;
}

/** The same idempotency key (command id) came back with a different request. */
export class IdempotencyKeyReusedError extends Error {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  constructor(readonly commandId: string) {
    super('this Idempotency-Key was already used with a different request');
    this.name = 'IdempotencyKeyReusedError';
  }
}

export interface NewEvent {
  type: string;
  data: Record<string, unknown>;
  /** Schema version of `data`; defaults to 1. */
  schemaVersion?: number;
}

/** The metadata every event in the ledger carries. */
export interface EventMetadata {
  eventId: string;
  schemaVersion: number;
  actor: Actor;
  commandId: string;
  correlationId: string;
  causationId: string;
  recordedAt: string;
  requestDigest?: string;
  prevHash: string;
  hash: string;
}

export interface LedgerAppendResult {
  positions: number[];
  nextExpectedRevision: number;
  /** True when the command id had already been appended: nothing new was written. */
  replayed: boolean;
}

export interface EventLedgerOptions {
  /** Attempts for `any` appends that lose a race; exact revisions are never retried here. */
  maxAttempts?: number;
  /** How many stream tips (revision → hash) to remember; a tip never changes once written. */
  tipCacheSize?: number;
}

interface StreamTip {
  revision: number;
  hash: string;
}

/**
 * Everything above the adapters, so every store behaves alike: metadata, the per-stream hash
 * chain, deterministic event ids and the idempotent retry.
 */
export class EventLedger {
  private readonly tips = new Map<string, StreamTip>();
  private readonly maxAttempts: number;
  private readonly tipCacheSize: number;

  constructor(
    readonly store: EventStore,
    private readonly clock: Clock,
    options: EventLedgerOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 50;
    this.tipCacheSize = options.tipCacheSize ?? 10_000;
  }

  async append(
    streamId: string,
    events: NewEvent[],
    expectedRevision: ExpectedRevision,
    context: CommandContext,
  ): Promise<LedgerAppendResult> {
    if (events.length === 0) throw new RangeError('an append needs at least one event');
    const ids = events.map((_, index) => deterministicEventId(context.commandId, streamId, index));
    if (!this.store.enforcesUniqueEventIds) {
      const replay = await this.replayOf(streamId, ids, context);
      if (replay) return replay;
    }
    for (let attempt = 1; ; attempt += 1) {
      const tip = expectedRevision === 'no_stream' ? undefined : await this.tipOf(streamId, expectedRevision);
      if (typeof expectedRevision === 'number' && tip?.revision !== expectedRevision) {
        const replay = await this.replayOf(streamId, ids, context);
        if (replay) return replay;
        throw new WrongExpectedRevisionError(streamId, expectedRevision, tip?.revision ?? 'no_stream');
      }
      const toAppend = this.seal(streamId, events, ids, tip, context);
      try {
        const result = await this.store.append(streamId, toAppend, tip ? tip.revision : 'no_stream');
        this.remember(streamId, { revision: result.nextExpectedRevision, hash: toAppend[toAppend.length - 1].hash! });
        return { positions: result.positions, nextExpectedRevision: result.nextExpectedRevision, replayed: false };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError || error instanceof DuplicateEventIdError)) throw error;
        this.tips.delete(streamId);
        const replay = await this.replayOf(streamId, ids, context);
        if (replay) return replay;
        if (error instanceof DuplicateEventIdError) throw error;
        if (expectedRevision !== 'any' || attempt >= this.maxAttempts) {
          throw new WrongExpectedRevisionError(streamId, expectedRevision, error.actual);
        }
      }
    }
  }

  /**
   * The earlier append of this command to this stream, if there was one: a retried request
   * is answered from the log itself. Throws IdempotencyKeyReusedError when that append came
   * from a different request.
   */
  async previousAppend(streamId: string, context: CommandContext): Promise<LedgerAppendResult | undefined> {
    const [first] = await this.store.findEventsById(streamId, [deterministicEventId(context.commandId, streamId, 0)]);
    if (!first) return undefined;
    if (context.requestDigest !== undefined && first.metadata.requestDigest !== context.requestDigest) {
      throw new IdempotencyKeyReusedError(context.commandId);
    }
    // One append's events are contiguous in their stream.
    const following = await this.store.readStream(streamId, first.revision, 1000);
    const events: StoredEvent[] = [];
    for (const event of following) {
      if (event.metadata.commandId !== context.commandId) break;
      events.push(event);
    }
    return {
      positions: events.map((e) => e.position),
      nextExpectedRevision: events[events.length - 1].revision,
      replayed: true,
    };
  }

  readStream(streamId: string, fromRevision = 0): Promise<StoredEvent[]> {
    return this.store.readStream(streamId, fromRevision);
  }

  private seal(
    streamId: string,
    events: NewEvent[],
    ids: string[],
    tip: StreamTip | undefined,
    context: CommandContext,
  ): EventToAppend[] {
    const recordedAt = this.clock.now().toISOString();
    let prevHash = tip?.hash ?? GENESIS_HASH;
    let revision = tip ? tip.revision : -1;
    return events.map((event, index) => {
      revision += 1;
      // Hash exactly what the store will give back: JSON drops undefined, functions and holes.
      // Plain data (all the domain writes) is printed canonically as it is; anything else goes
      // through a JSON round trip first, as every event did before.
      let data = event.data;
      let dataText = canonicalJsonOfPlainData(data);
      if (dataText === undefined) {
        data = JSON.parse(JSON.stringify(event.data)) as Record<string, unknown>;
        dataText = canonicalJson(data);
      }
      const metadata: Omit<EventMetadata, 'hash'> = {
        eventId: ids[index],
        schemaVersion: event.schemaVersion ?? 1,
        actor: { sub: context.actor.sub, role: context.actor.role },
        commandId: context.commandId,
        correlationId: context.correlationId ?? context.commandId,
        causationId: context.causationId ?? context.commandId,
        recordedAt,
        ...(context.requestDigest !== undefined && { requestDigest: context.requestDigest }),
        prevHash,
      };
      if (typeof event.type !== 'string') {
        // Not a string (an untyped caller): the general path, and the store serialises as before.
        const hash = computeEventHash(prevHash, { streamId, revision, type: event.type, data, metadata });
        prevHash = hash;
        return { id: ids[index], type: event.type, data, metadata: { ...metadata, hash }, hash };
      }
      const metadataText = canonicalJsonAround(metadata as unknown as Record<string, unknown>, 'hash');
      const hash = hashOfBody(prevHash, bodyOfCanonicalParts(dataText, metadataText.without, revision, streamId, event.type));
      prevHash = hash;
      return {
        id: ids[index],
        type: event.type,
        data,
        metadata: { ...metadata, hash },
        hash,
        // What the store keeps: the canonical texts just hashed (JSON.parse gives data and metadata back).
        encoded: { data: dataText, metadata: metadataText.withMember(hash) },
      };
    });
  }

  /** The tip to chain onto. For an exact expected revision a cached tip of that revision is exact. */
  private async tipOf(streamId: string, expected: ExpectedRevision): Promise<StreamTip | undefined> {
    const cached = this.tips.get(streamId);
    if (cached && (expected === 'any' || cached.revision === expected)) return cached;
    const last = await this.store.readLastEvent(streamId);
    if (!last) return undefined;
    const tip = { revision: last.revision, hash: String(last.metadata.hash) };
    this.remember(streamId, tip);
    return tip;
  }

  private remember(streamId: string, tip: StreamTip): void {
    this.tips.delete(streamId);
    if (this.tips.size >= this.tipCacheSize) this.tips.delete(this.tips.keys().next().value as string);
    this.tips.set(streamId, tip);
  }

  private async replayOf(streamId: string, ids: string[], context: CommandContext): Promise<LedgerAppendResult | undefined> {
    const found = await this.store.findEventsById(streamId, ids);
    if (found.length === 0) return undefined;
    // Two requests with one key may race past the earlier check: the loser must not pass as a replay.
    if (context.requestDigest !== undefined && found[0].metadata.requestDigest !== context.requestDigest) {
      throw new IdempotencyKeyReusedError(context.commandId);
    }
    if (found.length !== ids.length) {
      throw new Error(`stream ${streamId}: a retried command matches only part of its earlier append`);
    }
    found.sort((a, b) => a.revision - b.revision);
    return {
      positions: found.map((e) => e.position),
      nextExpectedRevision: found[found.length - 1].revision,
      replayed: true,
    };
  }
}
