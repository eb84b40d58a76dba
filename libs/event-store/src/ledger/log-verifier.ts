import { CorruptEventError, EventStore, LOG_PAGE_FIELDS, logPageRow, parseStoredEventText, StoredEvent, StoredLogPage } from '../event-store.port';
import { computeEventHash, GENESIS_HASH, rollDigest } from '../integrity/hash-chain';
import { equalsAscii, SEAL, sealPage } from './log-page-seal';
import { defaultSealWorkers, LogSealPool } from './log-seal-pool';

/** A `{position, digest}` pair an auditor saved earlier, to prove the log's prefix unchanged. */
export interface DigestCheckpoint {
  position: number;
  digest: string;
}

export interface VerifyOptions {
  /** Also prove that the log up to this saved checkpoint is unchanged. */
  checkpoint?: DigestCheckpoint;
  /** Events per read (default 5,000). */
  pageSize?: number;
  onProgress?: (checkedEvents: number, position: number) => void;
  /**
   * Check events on the store's stored text where it offers `readLogPage` (default true).
   * `false` takes the general path for every event; the report is the same either way.
   */
  useStoredText?: boolean;
  /** When given, counts the events each path passed (for tests and benchmarks), and the pages workers sealed. */
  counters?: { storedText: number; general: number; pagesSealedByWorkers?: number };
  /**
   * Worker threads that seal pages of stored text (the per-event canonical-text check and
   * SHA-256) while this thread walks the chains in order; default: the other cores, at most 3.
   * 0 seals on this thread. The report is the same either way.
   */
  workers?: number;
  /** Workers start only for a log of at least this many events (default 50,000): for less, starting them costs more than they save. */
  workersFrom?: number;
}

export type VerificationProblem =
  | 'CORRUPT_EVENT'
  | 'POSITION_GAP'
  | 'LOG_DIGEST_MISSING'
  | 'EVENT_ID_MISMATCH'
  | 'HASH_MISMATCH'
  | 'BROKEN_CHAIN'
  | 'REVISION_GAP'
  | 'LOG_DIGEST_MISMATCH'
  | 'CHECKPOINT_MISMATCH'
  | 'CHECKPOINT_BEYOND_LOG'
  /** A row stored at a position below 1: outside the log, yet a stream read would return it. */
  | 'POSITION_OUT_OF_RANGE';

export interface VerificationReport {
  ok: boolean;
  checkedEvents: number;
  /** Position of the last event read. */
  position: number;
  /** Rolling digest through `position`. */
  digest: string;
  firstBadPosition?: number;
  problem?: VerificationProblem;
  detail?: string;
}

interface ChainState {
  revision: number;
  hash: string;
}

/**
 * Walks the whole log in global order and recomputes every hash, every chain link, the
 * rolling digest and, where the store anchors it, the stored digest of each event. The first
 * event that does not check out is reported; verification goes no further, since everything
 * after it is suspect.
 *
 * Two paths, one verdict. When the store offers `readLogPage`, an event whose stored text is
 * already canonical JSON (what the ledger writes) is checked on that text: the hashed body is
 * assembled from it without parsing, and it passes only if the general path would pass it too.
 * That check is split in two: what each event answers alone (canonical text, eventId, SHA-256
 * from its stored prevHash: the page's seal, made on worker threads for a large log) and what
 * needs the events before it (the stored prevHash is its stream's previous hash, revisions,
 * positions, the rolling digest), walked here in order.
 * Any event the fast path does not pass — text written before the ledger stored canonical JSON,
 * and every tampered row — is read and checked by the general path (parse, canonicalise), which
 * gives the verdict and the problem, exactly as for a store without the capability.
 */
export async function verifyLog(store: EventStore, options: VerifyOptions = {}): Promise<VerificationReport> {
  const pageSize = options.pageSize ?? 5000;
  const chains = new Map<string, ChainState>();
  let digest = GENESIS_HASH;
  let position = 0;
  let checked = 0;
  let checkpointDigest: string | undefined;
  const checkpointPosition = options.checkpoint?.position;
  const counters = options.counters;
  const bad = (event: StoredEvent, problem: VerificationProblem, detail: string): VerificationReport => ({
    ok: false,
    checkedEvents: checked,
    position,
    digest,
    firstBadPosition: event.position,
    problem,
    detail,
  });
  const anchored = store.anchorsLogDigest === true;

  /** The general path over parsed events; a report when one does not check out. */
  const checkEvents = (events: StoredEvent[], from: number, to = events.length): VerificationReport | undefined => {
    for (let i = from; i < to; i += 1) {
      const event = events[i];
      if (anchored && event.position !== position + 1) {
        return bad(event, 'POSITION_GAP', `position ${event.position} follows ${position}: events are missing`);
      }
      const problem = checkEvent(event, chains.get(event.streamId));
      if (problem) return bad(event, problem[0], problem[1]);
      const hash = event.metadata.hash as string;
      digest = rollDigest(digest, hash);
      if (anchored && event.logDigest === undefined) {
        return bad(event, 'LOG_DIGEST_MISSING', 'the digest anchored at this position was removed');
      }
      if (event.logDigest !== undefined && event.logDigest !== digest) {
        return bad(event, 'LOG_DIGEST_MISMATCH', 'the digest anchored at this position does not match the log before it');
      }
      chains.set(event.streamId, { revision: event.revision, hash });
      position = event.position;
      checked += 1;
      if (counters) counters.general += 1;
      if (position === checkpointPosition) checkpointDigest = digest;
    }
    return undefined;
  };

  /**
   * The fast path over row `r` of a page of stored text, whose seal (log-page-seal.ts) says the
   * row is canonical JSON as the ledger writes it and hashes to its stored hash from its stored
   * prevHash: true when the event also links to its stream's previous hash and revision, at the
   * next position, and the anchored digest matches; the event is then counted. False (nothing
   * changed) when the general path must decide. Sealed, the body hashed is the body the general
   * path hashes, and the ids and links read from the text are the parsed ones.
   */
  const acceptRow = (page: StoredLogPage, seals: Int32Array, r: number): boolean => {
    const o = r * SEAL.width;
    if (seals[o + SEAL.ok] !== 1) return false;
    const { bytes, bounds } = page;
    const f = r * LOG_PAGE_FIELDS.count;
    const rowPosition = page.positions[r];
    if (anchored && rowPosition !== position + 1) return false;
    const streamId = bytes.toString('utf8', bounds[f + LOG_PAGE_FIELDS.streamId], bounds[f + LOG_PAGE_FIELDS.streamId + 1] - 1);
    const previous = chains.get(streamId);
    const revision = page.revisions[r];
    if (revision !== (previous ? previous.revision + 1 : 0)) return false;
    if (!equalsAscii(bytes, seals[o + SEAL.prevStart], seals[o + SEAL.prevEnd], previous ? previous.hash : GENESIS_HASH)) return false;
    // Equal to the SHA-256 hex the seal computed: ASCII.
    const hash = bytes.toString('latin1', seals[o + SEAL.hashStart], seals[o + SEAL.hashEnd]);
    const rolled = rollDigest(digest, hash);
    const digestStart = bounds[f + LOG_PAGE_FIELDS.logDigest];
    const digestEnd = bounds[f + LOG_PAGE_FIELDS.logDigest + 1] - 1;
    if (digestStart === digestEnd ? anchored : !equalsAscii(bytes, digestStart, digestEnd, rolled)) return false;
    digest = rolled;
    if (previous) {
      previous.revision = revision;
      previous.hash = hash;
    } else {
      chains.set(streamId, { revision, hash });
    }
    position = rowPosition;
    checked += 1;
    if (counters) counters.storedText += 1;
    if (position === checkpointPosition) checkpointDigest = digest;
    return true;
  };

  const corrupt = (error: CorruptEventError, at: { checked: number; position: number; digest: string }): VerificationReport => ({
    ok: false,
    checkedEvents: at.checked,
    position: at.position,
    digest: at.digest,
    firstBadPosition: error.position,
    problem: 'CORRUPT_EVENT',
    detail: error.message,
  });

  /** A page of stored text with its seals (being made on a worker, or made here when taken), or parsed events. */
  type Page = { text: StoredLogPage; seals?: Promise<Int32Array> } | { events: StoredEvent[] };
  const useText = options.useStoredText !== false && typeof store.readLogPage === 'function';
  const workers = useText ? (options.workers ?? defaultSealWorkers()) : 0;
  const pool = workers > 0 && (await store.headPosition()) >= (options.workersFrom ?? 50_000) ? new LogSealPool(workers) : undefined;
  /** Set once the walk is over (a verdict, the end, an error): reads chained ahead stop there. */
  let stopped = false;
  const readEvents = (from: number): Promise<Page> => store.readAll({ fromPosition: from, limit: pageSize }).then((events) => ({ events }));
  const read = (from: number): Promise<Page> =>
    useText
      ? store.readLogPage!(from, pageSize).then(
          (text): Page | Promise<Page> => {
            if (text === undefined) return readEvents(from);
            const seals = pool && text.count > 0 ? pool.seal(text) : undefined;
            seals?.catch(() => undefined); // awaited (and its error handled) when the walk takes the page
            return { text, seals };
          },
          // A page too large for one value (SQLite's string limit, with very large events):
          // read it event by event, as without the capability.
          () => readEvents(from),
        )
      : readEvents(from);
  const lastPosition = (page: Page): number =>
    'events' in page ? page.events[page.events.length - 1].position : page.text.positions[page.text.count - 1];
  // Pages are read one after another ahead of the walk, as many as the workers can seal meanwhile
  // (one without workers: the store reads the next page while this one is checked). A read is
  // handed to the store as soon as the page before it is in, not once the walk takes that page:
  // chained onto a page still being read, it is that page's first reaction; after a page taken,
  // it is issued at once. (Run from a later microtask it would wait for the walk of a whole page.)
  const depth = pool ? workers + 1 : 1;
  const ahead: Promise<Page | undefined>[] = [];
  const isEnd = (page: Page): boolean => ('events' in page ? page.events.length === 0 : page.text.count === 0);
  const readAfter = (taken: Page): void => {
    while (ahead.length < depth) {
      const before = ahead[ahead.length - 1];
      const page =
        before === undefined ? read(lastPosition(taken)) : before.then((p) => (stopped || p === undefined || isEnd(p) ? undefined : read(lastPosition(p))));
      page.catch(() => undefined); // awaited (and its error handled) when its turn comes
      ahead.push(page);
    }
  };
  try {
    ahead.push(read(0));
    ahead[0].catch(() => undefined);
    for (;;) {
      const atStart = { checked, position, digest };
      let page: Page | undefined;
      try {
        page = await ahead.shift()!;
      } catch (error) {
        if (!(error instanceof CorruptEventError)) throw error;
        return corrupt(error, atStart);
      }
      if (page === undefined) break;
      if ('events' in page) {
        if (page.events.length === 0) break;
        readAfter(page);
        const report = checkEvents(page.events, 0);
        if (report) return report;
      } else {
        const rows = page.text;
        if (rows.count === 0) break;
        readAfter(page);
        const seals = page.seals ? await page.seals : sealPage(rows);
        let i = 0;
        while (i < rows.count && acceptRow(rows, seals, i)) i += 1;
        if (i < rows.count) {
          // The general path from the first event the fast path did not pass. As `readAll` would
          // have, a row of the page that is not JSON at all is reported before anything in it.
          let events: StoredEvent[];
          try {
            events = [];
            for (let r = i; r < rows.count; r += 1) events.push(parseStoredEventText(logPageRow(rows, r)));
          } catch (error) {
            if (!(error instanceof CorruptEventError)) throw error;
            return corrupt(error, atStart);
          }
          // Event by event: the general path for what the fast path does not pass.
          for (let r = i; r < rows.count; r += 1) {
            if (r > i && acceptRow(rows, seals, r)) continue;
            const report = checkEvents(events, r - i, r - i + 1);
            if (report) return report;
          }
        }
      }
      options.onProgress?.(checked, position);
    }
  } finally {
    stopped = true;
    // Reads already issued past the end (or past a bad event) finish before the store can be closed.
    await Promise.allSettled(ahead);
    if (pool) {
      if (counters) counters.pagesSealedByWorkers = (counters.pagesSealedByWorkers ?? 0) + pool.sealed.byWorkers;
      await pool.close();
    }
  }
  const report: VerificationReport = { ok: true, checkedEvents: checked, position, digest };
  // Every read above starts after position 0, so rows stored below position 1 are never walked;
  // a stream read would still return them (and a command fold them): the log must hold none.
  if (anchored && store.readLogAnchors) {
    const extent = await store.readLogAnchors([]);
    if (extent.rows > 0 && extent.first < 1) {
      return { ...report, ok: false, firstBadPosition: extent.first, problem: 'POSITION_OUT_OF_RANGE', detail: outOfRange(extent.first) };
    }
  }
  const checkpoint = options.checkpoint;
  if (checkpoint) {
    if (checkpointDigest === undefined) {
      return {
        ...report,
        ok: false,
        firstBadPosition: Math.min(checkpoint.position, position + 1),
        problem: 'CHECKPOINT_BEYOND_LOG',
        detail: `no event at position ${checkpoint.position}: the log was truncated or rewritten`,
      };
    }
    if (checkpointDigest !== checkpoint.digest) {
      return {
        ...report,
        ok: false,
        firstBadPosition: checkpoint.position,
        problem: 'CHECKPOINT_MISMATCH',
        detail: `the log up to position ${checkpoint.position} differs from the saved digest`,
      };
    }
  }
  return report;
}

function checkEvent(event: StoredEvent, previous: ChainState | undefined): [VerificationProblem, string] | undefined {
  // The id is what makes a retried command a no-op; a rewritten id would let the retry append again.
  if (event.metadata.eventId !== event.id) {
    return ['EVENT_ID_MISMATCH', `stream ${event.streamId} revision ${event.revision}: stored id differs from the hashed eventId`];
  }
  const expectedRevision = previous ? previous.revision + 1 : 0;
  if (event.revision !== expectedRevision) {
    return ['REVISION_GAP', `stream ${event.streamId}: revision ${event.revision} follows ${expectedRevision - 1}`];
  }
  const expectedPrev = previous ? previous.hash : GENESIS_HASH;
  if (event.metadata.prevHash !== expectedPrev) {
    return ['BROKEN_CHAIN', `stream ${event.streamId} revision ${event.revision}: prevHash does not match`];
  }
  const recomputed = computeEventHash(expectedPrev, event);
  if (event.metadata.hash !== recomputed) {
    return ['HASH_MISMATCH', `stream ${event.streamId} revision ${event.revision}: content does not match its hash`];
  }
  return undefined;
}

/**
 * The rolling digest of the log up to `position` (the head when omitted), without checking.
 * With a position it reads nothing after it: a page asks for at most as many events as there are
 * positions left, so on a store with dense positions (the embedded one) no row after it is read.
 * Where positions have gaps a page can still reach past it; when that row is unreadable the page
 * is asked for again, halved, down to the single next event, whose being unreadable then means
 * the prefix is complete. An unreadable event at or before the position throws CorruptEventError.
 */
export async function digestOfLog(
  store: EventStore,
  upToPosition?: number,
): Promise<{ position: number; digest: string; eventCount: number }> {
  let digest = GENESIS_HASH;
  let position = 0;
  let count = 0;
  let pageSize = 5000;
  while (upToPosition === undefined || position < upToPosition) {
    const limit = upToPosition === undefined ? pageSize : Math.min(pageSize, upToPosition - position);
    let page: StoredEvent[];
    try {
      page = await store.readAll({ fromPosition: position, limit });
    } catch (error) {
      if (!(error instanceof CorruptEventError) || upToPosition === undefined || error.position <= upToPosition) throw error;
      if (limit === 1) break;
      pageSize = Math.max(1, Math.floor(limit / 2));
      continue;
    }
    if (page.length === 0) break;
    for (const event of page) {
      if (upToPosition !== undefined && event.position > upToPosition) return { position, digest, eventCount: count };
      digest = rollDigest(digest, event.metadata.hash as string);
      position = event.position;
      count += 1;
    }
  }
  return { position, digest, eventCount: count };
}

/** What POSITION_OUT_OF_RANGE says. */
export const outOfRange = (first: number): string => `a row is stored at position ${first}: the log's positions start at 1, so it was put there from outside`;
