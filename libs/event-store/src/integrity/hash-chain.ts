import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

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
  const { hash: _ignored, ...metadata } = content.metadata;
  const body = canonicalJson({
    streamId: content.streamId,
    revision: content.revision,
    type: content.type,
    data: content.data,
    metadata,
  });
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

/** One step of the rolling log digest: SHA-256(previous digest ‖ event hash), hex. */
export function rollDigest(previousDigest: string, eventHash: string): string {
  return createHash('sha256').update(previousDigest).update(eventHash).digest('hex');
}
