/**
 * The event store port. Adapters (embedded SQLite, EventStoreDB) implement exactly this;
 * hashing, metadata and idempotency live above them in `EventLedger`, so both behave alike.
 */

/** `no_stream`: the stream must not exist; `any`: no check; a number: the stream's current revision (0-based). */
export type ExpectedRevision = 'no_stream' | 'any' | number;

/** An event ready to be written: id, type, JSON data and JSON metadata, as the adapter stores them. */
export interface EventToAppend {
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  /** The event's chain hash; an adapter that anchors the rolling log digest per event folds it in. */
  hash?: string;
  /**
   * `data` and `metadata` as RFC 8785 canonical JSON text (what the ledger hashed). A store that
   * keeps JSON text stores these instead of serialising the objects again, so the verifier can
   * hash the stored text as it is; they parse to `data` and `metadata`.
   */
  encoded?: { data: string; metadata: string };
}

/** An event as read back from the store. */
export interface StoredEvent {
  /** Global position in `$all`: unique and strictly increasing in log order. */
  position: number;
  streamId: string;
  /** 0-based revision within its stream. */
  revision: number;
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  /**
   * Rolling log digest through this event, when the adapter anchors it in the log at append
   * time (the embedded store does). Lets the verifier detect reordered or removed rows
   * without a digest saved outside the system.
   */
  logDigest?: string;
}

/**
 * An event as the store keeps it: `data` and `metadata` still JSON text. What the log verifier
 * reads when the store offers `readLogText`, to hash the stored text without parsing it.
 */
export interface StoredEventText {
  position: number;
  streamId: string;
  revision: number;
  id: string;
  type: string;
  data: string;
  metadata: string;
  logDigest?: string;
}

/**
 * A page of the log as the store keeps it, in bulk: the UTF-8 text of every row's columns, for
 * the verifier's fast path (no JSON parsed, no JS object per row). The columns of row `r` are
 * fields `8r` to `8r + 7`: position, stream id, revision, event id, type, data, metadata, log
 * digest (empty when none); field `i` is `bytes[bounds[i], bounds[i + 1] - 1)`.
 */
export interface StoredLogPage {
  count: number;
  /** Valid UTF-8. */
  bytes: Buffer;
  bounds: Uint32Array;
  positions: number[];
  revisions: number[];
}

/** Field numbers within a row of a `StoredLogPage`. */
export const LOG_PAGE_FIELDS = { position: 0, streamId: 1, revision: 2, id: 3, type: 4, data: 5, metadata: 6, logDigest: 7, count: 8 } as const;

/** Row `r` of a page as text (what the general path parses). */
export function logPageRow(page: StoredLogPage, r: number): StoredEventText {
  const { bytes, bounds } = page;
  const field = (k: number): string => bytes.toString('utf8', bounds[8 * r + k], bounds[8 * r + k + 1] - 1);
  const row: StoredEventText = {
    position: page.positions[r],
    streamId: field(LOG_PAGE_FIELDS.streamId),
    revision: page.revisions[r],
    id: field(LOG_PAGE_FIELDS.id),
    type: field(LOG_PAGE_FIELDS.type),
    data: field(LOG_PAGE_FIELDS.data),
    metadata: field(LOG_PAGE_FIELDS.metadata),
  };
  const digest = field(LOG_PAGE_FIELDS.logDigest);
  if (digest !== '') row.logDigest = digest;
  return row;
}

/**
 * The event `readAll` gives for a row of text: both columns parsed, a `CorruptEventError` naming
 * the first that is not JSON. Shared by the store and the verifier, so both read a row alike.
 */
export function parseStoredEventText(row: StoredEventText): StoredEvent {
  const event: StoredEvent = {
    position: row.position,
    streamId: row.streamId,
    revision: row.revision,
    id: row.id,
    type: row.type,
    data: parseColumn(row, 'data'),
    metadata: parseColumn(row, 'metadata'),
  };
  if (row.logDigest !== undefined) event.logDigest = row.logDigest;
  return event;
}

function parseColumn(row: StoredEventText, column: 'data' | 'metadata'): Record<string, unknown> {
  try {
    return JSON.parse(row[column]);
  } catch (error) {
    throw new CorruptEventError(row.position, row.streamId, `${column}: ${(error as Error).message}`);
  }
}

export interface AppendResult {
  /** Revision of the last event appended (the stream's new current revision). */
  nextExpectedRevision: number;
  /** Global positions of the appended events, in order. */
  positions: number[];
}

/** A stored event that cannot be read back (its bytes are no longer valid JSON). */
export class CorruptEventError extends Error {
  readonly code = 'CORRUPT_EVENT';
  constructor(
    readonly position: number,
    readonly streamId: string,
    cause: string,
  ) {
    super(`the event at position ${position} (${streamId}) cannot be read: ${cause}`);
    this.name = 'CorruptEventError';
  }
}

/**
 * A subscription asked to start after the last event of the log (a projector checkpoint from a
 * newer log, or the log restored from an older backup). Starting anyway would silently skip every
 * event appended until the log reached that position, so adapters refuse: `caughtUp` rejects and
 * `onError` is called with this error.
 */
export class SubscriptionBeyondHeadError extends Error {
  readonly code = 'SUBSCRIPTION_BEYOND_HEAD';
  constructor(
    readonly fromPosition: number,
    readonly headPosition: number,
  ) {
    super(`subscription starts at position ${fromPosition}, beyond the log head ${headPosition}`);
    this.name = 'SubscriptionBeyondHeadError';
  }
}

/** An event id that is already in the log was appended again. */
export class DuplicateEventIdError extends Error {
  readonly code = 'DUPLICATE_EVENT_ID';
  constructor(readonly streamId: string) {
    super(`stream ${streamId}: an event with one of these ids already exists`);
    this.name = 'DuplicateEventIdError';
  }
}

export class WrongExpectedRevisionError extends Error {
  readonly code = 'WRONG_EXPECTED_REVISION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

export interface ReadAllOptions {
  /** Exclusive: events with position > fromPosition. 0 (the default) reads from the start. */
  fromPosition?: number;
  /** Maximum number of events to return. */
  limit?: number;
}

export interface Subscription {
  /** Stops delivery; resolves once no further handler call will start. */
  close(): Promise<void>;
  /** Resolves when the subscription has caught up with the log as it was when it started. */
  readonly caughtUp: Promise<void>;
}

export interface SubscribeOptions {
  /** Exclusive start position, as in `readAll`. */
  fromPosition?: number;
  /** Called with each batch of events in log order; the next batch waits for the returned promise. */
  onEvents: (events: StoredEvent[]) => Promise<void>;
  /**
   * Called when the handler throws or the subscription fails for good (e.g. `fromPosition` beyond
   * the head of the log: `SubscriptionBeyondHeadError`); delivery stops and `caughtUp` rejects if
   * it had not resolved yet.
   */
  onError?: (error: unknown) => void;
  /** Maximum events per handler call (default 500). */
  batchSize?: number;
}

/** The log's extent and the anchors at some positions (see `EventStore.readLogAnchors`). */
export interface LogAnchors {
  rows: number;
  /** Lowest and highest position held (0 when the log is empty). */
  first: number;
  last: number;
  at: Map<number, { digest: string | null; hash: string | null }>;
}

export interface EventStore {
  /**
   * True when the store itself refuses a second event with an id already in the stream (the
   * embedded store's unique index); otherwise the ledger looks ids up before appending.
   */
  readonly enforcesUniqueEventIds: boolean;
  /**
   * True when positions are dense (1, 2, 3, …) and every event carries the rolling log digest
   * anchored at append time (the embedded store): the verifier then requires both, so clearing
   * anchors or removing rows cannot hide a reordering.
   */
  readonly anchorsLogDigest?: boolean;
  /** Appends atomically: all events or none. Throws `WrongExpectedRevisionError` on a revision mismatch. */
  append(streamId: string, events: EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  /** Reads a stream forwards from `fromRevision` (inclusive, default 0). An unknown stream reads as []. */
  readStream(streamId: string, fromRevision?: number, limit?: number): Promise<StoredEvent[]>;
  /** The last event of a stream, or undefined when the stream does not exist. */
  readLastEvent(streamId: string): Promise<StoredEvent | undefined>;
  /** Reads the global log forwards. */
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;
  /**
   * Optional: the events at these positions, in log order, each once; a position where no event
   * is (between two events, past the end, not a positive integer) is left out. What `readAll`
   * gives one event after `position - 1` for each, for stores where that is not a cheap lookup
   * (EventStoreDB: positions are sparse byte offsets, and `readAll` from an arbitrary number
   * first has to find where the next event starts).
   */
  readEventsAt?(positions: readonly number[]): Promise<StoredEvent[]>;
  /**
   * Optional: the page `readAll({ fromPosition, limit })` would give, as stored text, read in
   * bulk (the verifier's fast path). `undefined` when the store cannot give this page as text
   * faithfully (a column of an unexpected type, a separator inside a value, bytes that are not
   * UTF-8): the caller reads it with `readAll` instead. A page of 0 rows past the end of the log.
   */
  readLogPage?(fromPosition: number, limit: number): Promise<StoredLogPage | undefined>;
  /**
   * Optional: several whole streams at once, each as `readStream(streamId)` gives it (unknown
   * streams as []), in the order asked for. Stores without it are read stream by stream.
   */
  readStreams?(streamIds: readonly string[]): Promise<StoredEvent[][]>;
  /**
   * Optional, with `anchorsLogDigest`: what the log's digest anchors need to be checked around a
   * few events without walking the log — the rows it holds (how many, the lowest and highest
   * position) and, at each of `positions`, the stored digest and hash (a position with no row is
   * absent from the map; a row whose metadata is not JSON has a null hash).
   */
  readLogAnchors?(positions: readonly number[]): Promise<LogAnchors>;
  /** Finds stored events by id (used to answer a retried command with its original result). */
  findEventsById(streamId: string, ids: string[]): Promise<StoredEvent[]>;
  /** Position of the last event in the log (0 when empty). */
  headPosition(): Promise<number>;
  /** Catch-up, then live: every event after `fromPosition` exactly once, in order, with no gap at the switch. */
  subscribeToAll(options: SubscribeOptions): Subscription;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');
