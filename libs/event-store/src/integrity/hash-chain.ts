import { createHash, hash as oneShotHash } from 'node:crypto';
import { canonicalJson, canonicalJsonWithout } from './canonical-json';

/** prevHash of the first event of every stream, and the digest of an empty log. */
export const GENESIS_HASH = '0'.repeat(64);

export interface HashedContent {
  streamId: string;
  revision: number;
  type: string;
  data: Record<string, unknown>;
  /** The event's metadata; a `hash` field in it is ignored. */
  metadata: Record<string, unknown>;
}

/** hash = SHA-256(prevHash ‖ JCS({streamId, revision, type, data, metadata without hash})), hex. */
export function computeEventHash(prevHash: string, content: HashedContent): string {
  return createHash('sha256').update(prevHash).update(hashedBody(content)).digest('hex');
}

/**
 * JCS({streamId, revision, type, data, metadata without hash}). The body's own keys are known
 * and already in JCS order (data < metadata < revision < streamId < type), so it is assembled
 * around the canonical forms of its parts instead of building and sorting a copy; any unusual
 * part takes the general path, which gives the same bytes.
 */
export function hashedBody(content: HashedContent): string {
  const { streamId, revision, type, data, metadata } = content;
  if (
    typeof streamId === 'string' &&
    typeof revision === 'number' &&
    typeof type === 'string' &&
    typeof data === 'object' &&
    data !== null &&
    typeof metadata === 'object' &&
    metadata !== null &&
    !Array.isArray(metadata)
  ) {
    return (
      `{"data":${canonicalJson(data)},"metadata":${canonicalJsonWithout(metadata, 'hash')}` +
      `,"revision":${canonicalJson(revision)},"streamId":${canonicalJson(streamId)},"type":${canonicalJson(type)}}`
    );
  }
  const { hash: _ignored, ...rest } = metadata;
  return canonicalJson({ streamId, revision, type, data, metadata: rest });
}

/** One step of the rolling log digest: SHA-256(previous digest ‖ event hash), hex. */
export function rollDigest(previousDigest: string, eventHash: string): string {
  // Both are hex (ASCII), so hashing the concatenation is hashing one after the other; the
  // one-shot `crypto.hash` (Node ≥ 20.12) skips the Hash object for these 128-byte inputs.
  if (typeof oneShotHash === 'function') return oneShotHash('sha256', previousDigest + eventHash, 'hex');
  return createHash('sha256').update(previousDigest).update(eventHash).digest('hex');
}
