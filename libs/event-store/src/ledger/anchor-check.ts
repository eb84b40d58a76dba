import type { EventStore, StoredEvent } from '../event-store.port';
import { GENESIS_HASH, rollDigest } from '../integrity/hash-chain';
import { outOfRange, type VerificationProblem } from './log-verifier';

/** A problem the anchors show, at a position where one can be named. */
export interface AnchorFinding {
  problem: VerificationProblem;
  position?: number;
  detail: string;
}

export interface AnchorCheck {
  /** Whether the store anchors the log digest; without anchors nothing here is checked. */
  anchored: boolean;
  /** The log as a whole: positions 1..N, none missing, none outside. */
  log?: AnchorFinding;
  /** By event position: the first problem with that event's links to the rows on either side. */
  events: Map<number, AnchorFinding>;
}

/**
 * Checks, on a store that anchors the rolling log digest in every row, that the log holds exactly
 * positions 1..N and that each of `events` sits in the digest chain where it stands: its anchor
 * rolls from the anchor before it with its own hash, and the next row's anchor rolls from its
 * anchor. So an event that was edited (even with its hash recomputed), swapped with another or
 * removed is found from a few rows around it, without walking the log. An edit that also rewrote
 * the anchor of every row after it leaves a consistent log: only a `{position, digest}` kept outside
 * the system finds that (`verifyLog` with a checkpoint).
 */
export async function checkAnchors(store: EventStore, events: readonly StoredEvent[]): Promise<AnchorCheck> {
  const findings = new Map<number, AnchorFinding>();
  if (store.anchorsLogDigest !== true || !store.readLogAnchors) return { anchored: false, events: findings };
  const anchors = await store.readLogAnchors(events.flatMap((e) => [e.position - 1, e.position + 1]).filter((p) => p >= 1));
  let log: AnchorFinding | undefined;
  if (anchors.rows > 0 && anchors.first < 1) {
    log = { problem: 'POSITION_OUT_OF_RANGE', position: anchors.first, detail: outOfRange(anchors.first) };
  } else if (anchors.rows !== anchors.last) {
    log = { problem: 'POSITION_GAP', detail: `the log holds ${anchors.rows} events for positions 1..${anchors.last}: ${anchors.last - anchors.rows} were removed` };
  }
  const found = (position: number, problem: VerificationProblem, detail: string): AnchorFinding => ({ problem, position, detail });
  for (const event of events) {
    const p = event.position;
    const hash = String(event.metadata.hash ?? '');
    const before = p === 1 ? { digest: GENESIS_HASH, hash: null } : anchors.at.get(p - 1);
    const after = p < anchors.last ? anchors.at.get(p + 1) : undefined;
    let finding: AnchorFinding | undefined;
    if (event.logDigest === undefined) finding = found(p, 'LOG_DIGEST_MISSING', `the digest anchored at position ${p} was removed`);
    else if (!before) finding = found(p - 1, 'POSITION_GAP', `there is no event at position ${p - 1}, before position ${p}: it was removed`);
    else if (before.digest === null) finding = found(p - 1, 'LOG_DIGEST_MISSING', `the digest anchored at position ${p - 1} was removed`);
    else if (rollDigest(before.digest, hash) !== event.logDigest) {
      finding = found(p, 'LOG_DIGEST_MISMATCH', `the digest anchored at position ${p} does not follow from the one before it and this event's hash: the event was changed, or the rows were reordered`);
    } else if (p < anchors.last && !after) finding = found(p + 1, 'POSITION_GAP', `there is no event at position ${p + 1}, after position ${p}: it was removed`);
    else if (after && (after.digest === null || after.hash === null)) finding = found(p + 1, 'LOG_DIGEST_MISSING', `the row at position ${p + 1} has no digest or hash to check`);
    else if (after && rollDigest(event.logDigest, after.hash!) !== after.digest) {
      finding = found(p + 1, 'LOG_DIGEST_MISMATCH', `the digest anchored at position ${p + 1} does not follow from this event's: a row was changed, or the rows were reordered`);
    }
    if (finding) findings.set(p, finding);
  }
  return { anchored: true, ...(log && { log }), events: findings };
}
