import { hash as oneShotHash, createHash } from 'node:crypto';
import { CorruptEventError, EventStore, LOG_PAGE_FIELDS, logPageRow, parseStoredEventText, StoredEvent, StoredLogPage } from '../event-store.port';
import { canonicalObjectMembers, isCanonicalObjectText, memberKeys, rangesWithoutMember } from '../integrity/canonical-text';
import { computeEventHash, GENESIS_HASH, rollDigest } from '../integrity/hash-chain';

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
   * Check events on the store's stored text where it offers `readLogText` (default true).
   * `false` takes the general path for every event; the report is the same either way.
   */
  useStoredText?: boolean;
  /** When given, counts the events each path passed (for tests and benchmarks). */
  counters?: { storedText: number; general: number };
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
  | 'CHECKPOINT_BEYOND_LOG';

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

/** Top-level metadata members the fast path reads from the stored text. */
const METADATA_KEYS = memberKeys('eventId', 'prevHash', 'hash');

/**
 * Walks the whole log in global order and recomputes every hash, every chain link, the
 * rolling digest and, where the store anchors it, the stored digest of each event. The first
 * event that does not check out is reported; verification goes no further, since everything
 * after it is suspect.
 *
 * Two paths, one verdict. When the store offers `readLogText`, an event whose stored text is
 * already canonical JSON (what the ledger writes) is checked on that text: the hashed body is
 * assembled from it without parsing, and it passes only if the general path would pass it too.
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

  const body = BODY;
  /**
   * The fast path over row `r` of a page of stored text: true when the event checks out, and it
   * is then counted; false (nothing changed) when the general path must decide. It passes an
   * event only when its data text is exactly `canonicalJson(JSON.parse(data))` and its metadata
   * text exactly `canonicalJson(JSON.parse(metadata))`: the body assembled from them is then
   * the body the general path hashes, and the ids and links read from the text are the parsed ones.
   */
  const acceptRow = (page: StoredLogPage, r: number): boolean => {
    const { bytes, bounds } = page;
    const f = r * LOG_PAGE_FIELDS.count;
    const rowPosition = page.positions[r];
    if (anchored && rowPosition !== position + 1) return false;
    const streamStart = bounds[f + LOG_PAGE_FIELDS.streamId];
    const streamEnd = bounds[f + LOG_PAGE_FIELDS.streamId + 1] - 1;
    const streamId = bytes.toString('utf8', streamStart, streamEnd);
    const previous = chains.get(streamId);
    const revision = page.revisions[r];
    if (revision !== (previous ? previous.revision + 1 : 0)) return false;
    const prevHash = previous ? previous.hash : GENESIS_HASH;
    const metaStart = bounds[f + LOG_PAGE_FIELDS.metadata];
    const metaEnd = bounds[f + LOG_PAGE_FIELDS.metadata + 1] - 1;
    const members = canonicalObjectMembers(bytes, METADATA_KEYS, metaStart, metaEnd);
    if (members === undefined) return false;
    const [eventId, storedPrevHash, storedHash] = members;
    // A member's value range is set only for a string without escapes: its bytes are the parsed value.
    if (eventId === undefined || eventId.valueStart < 0 || storedPrevHash === undefined || storedHash === undefined || storedHash.valueStart < 0) return false;
    if (!sameBytes(bytes, eventId.valueStart, eventId.valueEnd, bounds[f + LOG_PAGE_FIELDS.id], bounds[f + LOG_PAGE_FIELDS.id + 1] - 1)) return false;
    if (!equalsAscii(bytes, storedPrevHash.valueStart, storedPrevHash.valueEnd, prevHash)) return false;
    const dataStart = bounds[f + LOG_PAGE_FIELDS.data];
    const dataEnd = bounds[f + LOG_PAGE_FIELDS.data + 1] - 1;
    if (!isCanonicalObjectText(bytes, dataStart, dataEnd)) return false;
    const typeStart = bounds[f + LOG_PAGE_FIELDS.type];
    const typeEnd = bounds[f + LOG_PAGE_FIELDS.type + 1] - 1;
    // Stream id and type go into the body quoted; text that JSON would escape goes the general way.
    if (needsEscape(bytes, streamStart, streamEnd) || needsEscape(bytes, typeStart, typeEnd)) return false;
    const [keep1, keep1End, keep2, keep2End] = rangesWithoutMember(bytes, metaStart, metaEnd, storedHash);
    // prevHash ‖ {"data":…,"metadata":…,"revision":…,"streamId":"…","type":"…"}: bodyOfCanonicalParts in bytes.
    body.reset(prevHash);
    body.ascii('{"data":');
    body.copy(bytes, dataStart, dataEnd);
    body.ascii(',"metadata":');
    body.copy(bytes, keep1, keep1End);
    body.copy(bytes, keep2, keep2End);
    body.ascii(',"revision":');
    body.copy(bytes, bounds[f + LOG_PAGE_FIELDS.revision], bounds[f + LOG_PAGE_FIELDS.revision + 1] - 1);
    body.ascii(',"streamId":"');
    body.copy(bytes, streamStart, streamEnd);
    body.ascii('","type":"');
    body.copy(bytes, typeStart, typeEnd);
    body.ascii('"}');
    const hash = body.sha256();
    if (!equalsAscii(bytes, storedHash.valueStart, storedHash.valueEnd, hash)) return false;
    const rolled = rollDigest(digest, hash);
    const digestStart = bounds[f + LOG_PAGE_FIELDS.logDigest];
    const digestEnd = bounds[f + LOG_PAGE_FIELDS.logDigest + 1] - 1;
    if (digestStart === digestEnd ? anchored : !equalsAscii(bytes, digestStart, digestEnd, rolled)) return false;
    digest = rolled;
    chains.set(streamId, { revision, hash });
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

  type Page = { text: StoredLogPage } | { events: StoredEvent[] };
  const useText = options.useStoredText !== false && typeof store.readLogPage === 'function';
  const readEvents = (from: number): Promise<Page> => store.readAll({ fromPosition: from, limit: pageSize }).then((events) => ({ events }));
  const read = (from: number): Promise<Page> => {
    const page = useText
      ? store.readLogPage!(from, pageSize).then(
          (text): Page | Promise<Page> => (text === undefined ? readEvents(from) : { text }),
          // A page too large for one value (SQLite's string limit, with very large events):
          // read it event by event, as without the capability.
          () => readEvents(from),
        )
      : readEvents(from);
    page.catch(() => undefined); // awaited (and its error handled) in the next round
    return page;
  };
  let next = read(0);
  for (;;) {
    const atStart = { checked, position, digest };
    let page: Page;
    try {
      page = await next;
    } catch (error) {
      if (!(error instanceof CorruptEventError)) throw error;
      return corrupt(error, atStart);
    }
    if ('events' in page) {
      if (page.events.length === 0) break;
      // The store reads the next page while this one is hashed.
      next = read(page.events[page.events.length - 1].position);
      const report = checkEvents(page.events, 0);
      if (report) return report;
    } else {
      const rows = page.text;
      if (rows.count === 0) break;
      next = read(rows.positions[rows.count - 1]);
      let i = 0;
      while (i < rows.count && acceptRow(rows, i)) i += 1;
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
          if (r > i && acceptRow(rows, r)) continue;
          const report = checkEvents(events, r - i, r - i + 1);
          if (report) return report;
        }
      }
    }
    options.onProgress?.(checked, position);
  }
  const report: VerificationReport = { ok: true, checkedEvents: checked, position, digest };
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

/** The rolling digest of the log up to `position` (the head when omitted), without checking. */
export async function digestOfLog(
  store: EventStore,
  upToPosition?: number,
): Promise<{ position: number; digest: string; eventCount: number }> {
  let digest = GENESIS_HASH;
  let position = 0;
  let count = 0;
  for (;;) {
    const page = await store.readAll({ fromPosition: position, limit: 5000 });
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

/** Whether bytes[aStart, aEnd) and bytes[bStart, bEnd) are the same bytes. */
function sameBytes(bytes: Uint8Array, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let k = 0; k < aEnd - aStart; k += 1) if (bytes[aStart + k] !== bytes[bStart + k]) return false;
  return true;
}

/** Whether bytes[start, end) are the ASCII string `text`. */
function equalsAscii(bytes: Uint8Array, start: number, end: number, text: string): boolean {
  if (end - start !== text.length) return false;
  for (let k = 0; k < text.length; k += 1) if (bytes[start + k] !== text.charCodeAt(k)) return false;
  return true;
}

/** Whether JSON would escape anything in bytes[start, end) (valid UTF-8): `"`, `\\`, controls. */
function needsEscape(bytes: Uint8Array, start: number, end: number): boolean {
  for (let k = start; k < end; k += 1) {
    const c = bytes[k];
    if (c < 0x20 || c === 0x22 || c === 0x5c) return true;
  }
  return false;
}

/**
 * A reusable buffer the fast path assembles `prevHash ‖ body` in, then hashes in one shot. One
 * for the process: each event is assembled and hashed synchronously, so concurrent
 * verifications never interleave in it.
 */
class BodyBuffer {
  private buffer = Buffer.allocUnsafe(0);
  private length = 0;

  reset(prevHash: string): void {
    this.length = 0;
    this.ascii(prevHash);
  }

  ascii(text: string): void {
    this.ensure(text.length);
    const buffer = this.buffer;
    let at = this.length;
    for (let k = 0; k < text.length; k += 1) buffer[at++] = text.charCodeAt(k);
    this.length = at;
  }

  copy(bytes: Buffer, start: number, end: number): void {
    this.ensure(end - start);
    const buffer = this.buffer;
    let at = this.length;
    // Short ranges byte by byte; `Buffer#copy` costs more than it saves below a few dozen bytes.
    if (end - start > 48) {
      buffer.set(bytes.subarray(start, end), at);
      at += end - start;
    } else {
      for (let k = start; k < end; k += 1) buffer[at++] = bytes[k];
    }
    this.length = at;
  }

  sha256(): string {
    const input = this.buffer.subarray(0, this.length);
    return typeof oneShotHash === 'function' ? oneShotHash('sha256', input, 'hex') : createHash('sha256').update(input).digest('hex');
  }

  private ensure(more: number): void {
    if (this.length + more <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(2 * this.buffer.length, this.length + more, 16 * 1024));
    this.buffer.copy(bigger, 0, 0, this.length);
    this.buffer = bigger;
  }
}

const BODY = new BodyBuffer();
