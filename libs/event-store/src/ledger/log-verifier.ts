import { CorruptEventError, EventStore, StoredEvent } from '../event-store.port';
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

/**
 * Walks the whole log in global order and recomputes every hash, every chain link, the
 * rolling digest and, where the store anchors it, the stored digest of each event. The first
 * event that does not check out is reported; verification goes no further, since everything
 * after it is suspect.
 */
export async function verifyLog(store: EventStore, options: VerifyOptions = {}): Promise<VerificationReport> {
  const pageSize = options.pageSize ?? 5000;
  const chains = new Map<string, ChainState>();
  let digest = GENESIS_HASH;
  let position = 0;
  let checked = 0;
  let checkpointDigest: string | undefined;
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
  const read = (from: number): Promise<StoredEvent[]> => {
    const page = store.readAll({ fromPosition: from, limit: pageSize });
    page.catch(() => undefined); // awaited (and its error handled) in the next round
    return page;
  };
  let next = read(0);
  for (;;) {
    let page: StoredEvent[];
    try {
      page = await next;
    } catch (error) {
      if (!(error instanceof CorruptEventError)) throw error;
      return { ok: false, checkedEvents: checked, position, digest, firstBadPosition: error.position, problem: 'CORRUPT_EVENT', detail: error.message };
    }
    if (page.length === 0) break;
    // The store reads the next page while this one is hashed.
    next = read(page[page.length - 1].position);
    for (const event of page) {
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
      if (options.checkpoint && position === options.checkpoint.position) checkpointDigest = digest;
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
