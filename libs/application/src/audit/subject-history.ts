import { checkAnchors, CorruptEventError, type AnchorCheck, type EventStore, type StoredEvent, type VerificationProblem } from '@app/event-store';
import { verifyStream } from '@app/event-store/ledger/stream-verifier';
import type { SubjectRef } from './subject-ref';
import { mentionsSubject, StreamScope, SubjectStreamLocator } from './subject-streams';

/** One event of a subject's history, as the auditor sees it in the log. */
export interface HistoryEvent {
  position: string;
  streamId: string;
  revision: number;
  type: string;
  data: Record<string, unknown>;
  /**
   * The stored metadata without `hash`: exactly what the hash covers, so
   * hash = SHA-256(prevHash ‖ JCS({streamId, revision, type, data, metadata})) can be recomputed
   * from this object alone.
   */
  metadata: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/**
 * What a stream's check found: a chain problem, or `STREAM_MISSING` — the index lists the stream
 * for the subject (an event of it was in the log), but the log holds none of its events now.
 */
export type StreamProblem = VerificationProblem | 'STREAM_MISSING';

/** The check of one stream's whole chain (every revision, also those after a `knownAt` cut). */
export interface StreamCheck {
  streamId: string;
  scope: StreamScope;
  /** Events in the stream (all of them; the history may show fewer). */
  eventCount: number;
  /**
   * Of those, the events this history shows: all of a stream about the subject, but only those
   * mentioning it of a stream that merely mentions it (scope), and none recorded after `knownAt` (0
   * for a stream begun after it, whose chain is still checked whole, as it stands now).
   */
  eventsShown?: number;
  lastRevision: number;
  /** Hash of the stream's last event: what the next event must chain onto. */
  headHash: string;
  verified: boolean;
  problem?: StreamProblem;
  firstBadPosition?: string;
  detail?: string;
}

/**
 * Where the log itself is checked around these events (the embedded store anchors the rolling
 * log digest in every row): the log holds positions 1..N with none missing, and each event of the
 * streams sits in the digest chain where it stands — not edited, not swapped, nothing removed
 * beside it. Not `anchored` (EventStoreDB): only the streams' own chains are checked.
 */
export interface LogCheck {
  anchored: boolean;
  verified: boolean;
  problem?: VerificationProblem;
  firstBadPosition?: string;
  detail?: string;
}

export interface SubjectHistory {
  subject: SubjectRef;
  knownAt?: string;
  events: HistoryEvent[];
  /**
   * Every stream listed in `streams` was read back from the log, every hash and chain link of it
   * checked out, and (`log`) each of their events sits where it stands in the log's digest chain.
   */
  verified: boolean;
  streams: StreamCheck[];
  log: LogCheck;
  /** The log head when the history was read; later events are left out. */
  asOf: { position: string };
}

/** A stream of the subject with all its events (for folding) and the result of its check. */
export interface LoadedStream {
  streamId: string;
  scope: StreamScope;
  events: StoredEvent[];
  check: StreamCheck;
}

/** The history before it is shaped for output: what `ledger replay` folds. */
export interface LoadedHistory {
  subject: SubjectRef;
  knownAt?: Date;
  streams: LoadedStream[];
  /**
   * With `knownAt`: the position of the first event of these streams recorded after it. What
   * was known then is the log before it — a prefix, as the read side's `knownAt` answers, so a
   * clock that stepped back never lets a later event slip into the past.
   */
  cutPosition?: number;
  /** The events of the history in log order, cut at `knownAt`. */
  events: StoredEvent[];
  headPosition: number;
  log: LogCheck;
}

export class SubjectNotFoundError extends Error {
  readonly code = 'SUBJECT_NOT_FOUND';
  constructor(readonly subject: SubjectRef) {
    super(`no event in the log concerns ${subject.kind} ${subject.id}`);
    this.name = 'SubjectNotFoundError';
  }
}

/**
 * A subject's history straight from the log (never from a projection): every event of every
 * stream that concerns it, in global order, each stream's chain checked in full.
 */
export class SubjectHistoryReader {
  constructor(
    private readonly store: EventStore,
    private readonly locator: SubjectStreamLocator,
  ) {}

  async load(subject: SubjectRef, knownAt?: Date): Promise<LoadedHistory> {
    // Read the head first: streams read afterwards may hold later events, which are cut off so
    // the history is the log as of one position.
    const headPosition = await this.store.headPosition();
    const located = await this.locator.locate(subject);
    if (located.length === 0) throw new SubjectNotFoundError(subject);
    const read = await this.readStreams(located.map(({ streamId }) => streamId));
    const streams = await Promise.all(
      located.map(async ({ streamId, scope }, i): Promise<LoadedStream> => {
        const stored = read[i];
        if (stored instanceof CorruptEventError) return { streamId, scope, events: [], check: unreadableStreamCheck(streamId, scope, stored) };
        // A stream is listed only once an event of it was in the log, and events are never
        // removed: one that reads back empty lost its events, which no chain check can see (an
        // empty chain is a valid one). It fails the history, never passes it silently.
        if (stored.length === 0) return { streamId, scope, events: [], check: missingStreamCheck(streamId, scope) };
        const events = stored.filter((event) => event.position <= headPosition);
        return { streamId, scope, events, check: streamCheck(streamId, scope, events, await verifyStream(events)) };
      }),
    );
    const cutPosition = knownAt && firstRecordedAfter(streams, knownAt.getTime());
    // A `whole` stream gives every event, a `mentions` stream (an official's institution stream)
    // only those naming the official: the rule and why are at `StreamScope`.
    const events = streams
      .flatMap(({ scope, events }) => (scope === 'whole' ? events : events.filter((event) => mentionsSubject(subject, event))))
      .filter((event) => cutPosition === undefined || event.position < cutPosition)
      .sort((a, b) => a.position - b.position);
    const log = logCheck(await checkAnchors(this.store, streams.flatMap((stream) => stream.events)));
    return { subject, knownAt, cutPosition, streams, events, headPosition, log };
  }

  /**
   * Every stream's events, or the error that makes one unreadable (a row that is no longer
   * JSON): one bulk read where the store offers it (thousands of streams for a busy institution),
   * else stream by stream; when the bulk read meets an unreadable row, stream by stream, so the
   * others still read and only the damaged one is reported.
   */
  private async readStreams(streamIds: string[]): Promise<Array<StoredEvent[] | CorruptEventError>> {
    if (this.store.readStreams) {
      try {
        return await this.store.readStreams(streamIds);
      } catch (error) {
        if (!(error instanceof CorruptEventError)) throw error;
      }
    }
    return Promise.all(
      streamIds.map((streamId) =>
        this.store.readStream(streamId).catch((error: unknown) => {
          if (error instanceof CorruptEventError) return error;
          throw error;
        }),
      ),
    );
  }

  async history(subject: SubjectRef, knownAt?: Date): Promise<SubjectHistory> {
    return toSubjectHistory(await this.load(subject, knownAt));
  }
}

/** The log's own problem first, else the one at the lowest position. */
function logCheck(check: AnchorCheck): LogCheck {
  const first = check.log ?? [...check.events.entries()].sort(([a], [b]) => a - b)[0]?.[1];
  if (!first) return { anchored: check.anchored, verified: true };
  return {
    anchored: check.anchored,
    verified: false,
    problem: first.problem,
    ...(first.position !== undefined && { firstBadPosition: String(first.position) }),
    detail: `${first.detail} (GET /v1/audit/verify checks the whole log)`,
  };
}

function firstRecordedAfter(streams: LoadedStream[], instant: number): number | undefined {
  let first: number | undefined;
  for (const stream of streams) {
    const event = stream.events.find((e) => Date.parse(String(e.metadata.recordedAt)) > instant);
    if (event && (first === undefined || event.position < first)) first = event.position;
  }
  return first;
}

function streamCheck(streamId: string, scope: StreamScope, events: StoredEvent[], report: Awaited<ReturnType<typeof verifyStream>>): StreamCheck {
  const last = events[events.length - 1];
  return {
    streamId,
    scope,
    eventCount: events.length,
    lastRevision: last?.revision ?? -1,
    headHash: String(last?.metadata.hash ?? ''),
    verified: report.ok,
    ...(report.problem !== undefined && { problem: report.problem }),
    ...(report.firstBadPosition !== undefined && { firstBadPosition: String(report.firstBadPosition) }),
    ...(report.detail !== undefined && { detail: report.detail }),
  };
}

/**
 * A stream none of whose events the history can show: the log holds none of them (`STREAM_MISSING`),
 * or one of its rows cannot be read (`CORRUPT_EVENT`). The history is not verified.
 */
function failedStreamCheck(streamId: string, scope: StreamScope, failure: Pick<StreamCheck, 'problem' | 'firstBadPosition' | 'detail'>): StreamCheck {
  return { streamId, scope, eventCount: 0, lastRevision: -1, headHash: '', verified: false, ...failure };
}

const missingStreamCheck = (streamId: string, scope: StreamScope): StreamCheck =>
  failedStreamCheck(streamId, scope, {
    problem: 'STREAM_MISSING',
    detail: `the index lists stream ${streamId} for this subject, but the log holds no event of it: its events were removed`,
  });

const unreadableStreamCheck = (streamId: string, scope: StreamScope, error: CorruptEventError): StreamCheck =>
  failedStreamCheck(streamId, scope, {
    problem: 'CORRUPT_EVENT',
    firstBadPosition: String(error.position),
    detail: `${error.message}; none of the stream's events are in this history (GET /v1/audit/verify checks the whole log)`,
  });

export function historyEvent(event: StoredEvent): HistoryEvent {
  const { hash, ...metadata } = event.metadata;
  return {
    position: String(event.position),
    streamId: event.streamId,
    revision: event.revision,
    type: event.type,
    data: event.data,
    metadata,
    prevHash: String(metadata.prevHash ?? ''),
    hash: String(hash ?? ''),
  };
}

export function toSubjectHistory(loaded: LoadedHistory): SubjectHistory {
  const shown = new Map<string, number>();
  for (const event of loaded.events) shown.set(event.streamId, (shown.get(event.streamId) ?? 0) + 1);
  return {
    subject: loaded.subject,
    ...(loaded.knownAt && { knownAt: loaded.knownAt.toISOString() }),
    events: loaded.events.map(historyEvent),
    verified: loaded.streams.every((stream) => stream.check.verified) && loaded.log.verified,
    streams: loaded.streams.map((stream) => ({ ...stream.check, eventsShown: shown.get(stream.streamId) ?? 0 })),
    log: loaded.log,
    asOf: { position: String(loaded.headPosition) },
  };
}
