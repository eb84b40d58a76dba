import { createHash, hash as oneShotHash } from 'node:crypto';

/**
 * A UUID (version 5 layout, SHA-256 based) derived from the command id, the stream and the
 * event's index in the append: a retried command produces the same ids, so either store can
 * recognise the retry and append nothing.
 */
export function deterministicEventId(commandId: string, streamId: string, index: number): string {
  const input = `${commandId}\u0000${streamId}\u0000${index}`;
  // The one-shot `crypto.hash` (Node ≥ 20.12) gives the same digest without a Hash object.
  const bytes = typeof oneShotHash === 'function' ? oneShotHash('sha256', input, 'buffer') : createHash('sha256').update(input).digest();
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
