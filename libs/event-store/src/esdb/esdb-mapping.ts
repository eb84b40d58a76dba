/**
 * Pure mapping between the port's vocabulary and EventStoreDB's (client v6). No I/O here, so
 * every rule is unit-tested without a server.
 *
 * Position choice: the port's single `number` position is the event's ESDB *prepare* position
 * (its byte offset in the transaction log, unique per event). Since gRPC appends are implicit
 * transactions, the server reports `commit === prepare === event log position` for them in
 * `$all` reads (AllReader builds `CommitEventRecord(event, event.LogPosition)`), so the number
 * round-trips exactly as `{ commit: n, prepare: n }` and grows strictly in `$all` order. Only
 * legacy TCP explicit transactions had `commit > prepare`; nothing here writes those. To stay
 * exact even then, the subscription keeps the full `{commit, prepare}` of the last delivered
 * event and compares positions the way the server orders `$all` (commit, then prepare).
 * bigint -> number is exact while the log is below 2^53 bytes (8 PiB); beyond that we throw
 * instead of silently losing precision.
 */
import {
  START,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type Position,
  type ReadPosition,
  type RecordedEvent,
} from '@eventstore/db-client';
import {
  CorruptEventError,
  WrongExpectedRevisionError,
  type ExpectedRevision,
  type StoredEvent,
} from '../event-store.port';

export type EsdbExpectedRevision = 'no_stream' | 'any' | bigint;

/** Port expected revision -> ESDB `expectedRevision`. Rejects what ESDB would misread (negatives, fractions). */
export function toEsdbExpectedRevision(expected: ExpectedRevision): EsdbExpectedRevision {
  if (expected === 'no_stream' || expected === 'any') return expected;
  if (!Number.isSafeInteger(expected) || expected < 0) {
    throw new RangeError(`expected revision must be 'no_stream', 'any' or an integer >= 0, got ${String(expected)}`);
  }
  return BigInt(expected);
}

/** A bigint from the client as a JS number, refusing values that would lose precision. */
export function bigintToSafeNumber(value: bigint, what: string): number {
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`${what} ${value.toString()} is outside the safe integer range`);
  }
  return Number(value);
}

/** ESDB `{commit, prepare}` -> the port's position (the prepare position; see the file comment). */
export function esdbPositionToNumber(position: Position): number {
  return bigintToSafeNumber(position.prepare, 'log position');
}

/**
 * The port's position -> the ESDB position an event there has (`{commit: n, prepare: n}`), START
 * for 0. Positions are byte offsets and sparse: the server refuses a read or subscription from a
 * position where no record starts ("Trying to read from an invalid position."), so only a
 * position known to be an event's may be sent as is; the store finds a valid start for any
 * other number (`EsdbEventStore`: it tries, and on that refusal walks back from the end).
 */
export function numberToEsdbPosition(position: number): ReadPosition {
  if (!Number.isSafeInteger(position) || position < 0) {
    throw new RangeError(`position must be an integer >= 0, got ${String(position)}`);
  }
  if (position === 0) return START;
  const p = BigInt(position);
  return { commit: p, prepare: p };
}

/** Orders two ESDB positions as the server orders `$all`: by commit, then by prepare. */
export function compareEsdbPositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** Whether a stream at `current` satisfies `expected` (what the server checks, needed here for empty appends). */
export function satisfiesExpectedRevision(expected: ExpectedRevision, current: number | 'no_stream'): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return current === 'no_stream';
  return current === expected;
}

/** ESDB's wrong-expected-version error -> the port's typed error. */
export function toWrongExpectedRevisionError(
  error: WrongExpectedVersionError,
  streamId: string,
  expected: ExpectedRevision,
): WrongExpectedRevisionError {
  const actual =
    typeof error.actualVersion === 'bigint' ? bigintToSafeNumber(error.actualVersion, 'stream revision') : 'no_stream';
  return new WrongExpectedRevisionError(streamId, expected, actual);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/**
 * Whether a recorded event is one of ours: JSON data and metadata objects, not a system event
 * (`$`-prefixed type, e.g. `$metadata`, `$>` links, `$stats`) and not in a `$`-prefixed stream.
 */
export function isUserEvent(event: RecordedEvent | undefined): event is RecordedEvent {
  if (!event || isSystemEvent(event)) return false;
  return shapeProblem(event) === undefined;
}

/** The server's own events: a `$`-prefixed type (`$metadata`, `$>` links, `$stats`) or stream. */
function isSystemEvent(event: RecordedEvent): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

/** Why an event's data or metadata is not a JSON object (as CorruptEventError words it), or undefined. */
function shapeProblem(event: RecordedEvent): string | undefined {
  if (!event.isJson) return 'data: binary, not a JSON object';
  // The client hands malformed JSON over as the raw string.
  if (!isPlainObject(event.data)) return 'data: not a JSON object';
  if (event.metadata !== undefined && !isPlainObject(event.metadata)) return 'metadata: not a JSON object';
  return undefined;
}

/** The ESDB position of a recorded event; servers before 22.6 omit it on stream reads. */
export function recordedPosition(event: RecordedEvent): Position {
  if (!event.position) {
    throw new Error(
      `event ${event.id} in ${event.streamId} has no log position: EventStoreDB >= 22.6 is required`,
    );
  }
  return event.position;
}

/**
 * A recorded ESDB event as the port's `StoredEvent`. Throws on events that are not ours (see
 * `isUserEvent`): a `CorruptEventError` when its data or metadata is not a JSON object (as the
 * embedded store does for a row that is not JSON).
 */
export function toStoredEvent(event: RecordedEvent): StoredEvent {
  const { id, streamId, type } = event;
  if (isSystemEvent(event)) {
    throw new Error(`event ${id} in ${streamId} (${type}) is a system event, not a JSON object event`);
  }
  const problem = shapeProblem(event);
  if (problem !== undefined) {
    const position = event.position ? esdbPositionToNumber(event.position) : 0;
    throw new CorruptEventError(position, streamId, `${problem} (event ${id}, ${type})`);
  }
  const position = esdbPositionToNumber(recordedPosition(event));
  if (position === 0) {
    // 0 means "before the first event" in the port; a real event never sits at log offset 0.
    throw new Error(`event ${event.id} in ${event.streamId} has no log position: EventStoreDB >= 22.6 is required`);
  }
  return {
    position,
    streamId: event.streamId,
    revision: bigintToSafeNumber(event.revision, 'stream revision'),
    id: event.id,
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: (event.metadata as Record<string, unknown> | undefined) ?? {},
  };
}

/**
 * Which streams hold the ledger's own events. `$all` may also carry other applications' events
 * (a shared server): when the ledger says which streams are its own, every event of another
 * stream is skipped, JSON or not, as system events are; in a stream it owns, an event that is not
 * a JSON object is damage to report, not to skip.
 */
export type OwnsStream = (streamId: string) => boolean;

/**
 * The event of an `$all` read/subscription message that is ours, or undefined when it is to be
 * skipped: system events; with `ownsStream`, every event of a stream it does not claim (events of
 * streams it claims are returned even when they are not JSON objects: `toStoredEvent` raises
 * `CorruptEventError` for those); without it, events that are not JSON objects.
 */
export function userEventOf(resolved: AllStreamResolvedEvent, ownsStream?: OwnsStream): RecordedEvent | undefined {
  // resolveLinkTos is off, so `event` is the record itself (a link would show as a `$>` event and be skipped).
  const event = resolved.event;
  if (!event || isSystemEvent(event)) return undefined;
  if (ownsStream) return ownsStream(event.streamId) ? event : undefined;
  return shapeProblem(event) === undefined ? event : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** ESDB stores event ids as UUIDs; anything else is refused before it reaches the server. */
export function assertUuid(id: string): void {
  if (!UUID.test(id)) throw new TypeError(`EventStoreDB event ids must be UUIDs, got ${JSON.stringify(id)}`);
}
