import { createHash, hash as oneShotHash } from 'node:crypto';
import { canonicalJson, canonicalJsonWithout, canonicalString } from './canonical-json';

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
  return hashOfBody(prevHash, hashedBody(content));
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
    return bodyOfCanonicalParts(canonicalJson(data), canonicalJsonWithout(metadata, 'hash'), revision, streamId, type);
  }
  const { hash: _ignored, ...rest } = metadata;
  return canonicalJson({ streamId, revision, type, data, metadata: rest });
}

/**
 * The hashed body from the canonical texts of `data` and of the metadata without `hash`: the
 * same bytes `hashedBody` gives for the objects those texts print.
 */
export function bodyOfCanonicalParts(dataText: string, metadataWithoutHash: string, revision: number, streamId: string, type: string): string {
  return (
    `{"data":${dataText},"metadata":${metadataWithoutHash}` +
    `,"revision":${canonicalJson(revision)},"streamId":${canonicalString(streamId)},"type":${canonicalString(type)}}`
  );
}

/** SHA-256(prevHash ‖ body), hex: `computeEventHash` over an already built body. */
export function hashOfBody(prevHash: string, body: string): string {
  if (typeof oneShotHash === 'function') return oneShotHash('sha256', prevHash + body, 'hex');
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

/** One step of the rolling log digest: SHA-256(previous digest ‖ event hash), hex. */
export function rollDigest(previousDigest: string, eventHash: string): string {
  // Both are hex (ASCII), so hashing the concatenation is hashing one after the other; the
  // one-shot `crypto.hash` (Node ≥ 20.12) skips the Hash object for these 128-byte inputs.
  if (typeof oneShotHash === 'function') return oneShotHash('sha256', previousDigest + eventHash, 'hex');
  return createHash('sha256').update(previousDigest).update(eventHash).digest('hex');
}
