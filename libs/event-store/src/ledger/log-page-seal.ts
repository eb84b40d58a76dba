import { createHash, hash as oneShotHash } from 'node:crypto';
import { canonicalObjectMembers, isCanonicalObjectText, memberKeys, rangesWithoutMember } from '../integrity/canonical-text';

/**
 * The part of checking a log page's stored text that each event answers on its own: is the row
 * canonical JSON as the ledger writes it, does its metadata's `eventId` equal the id column, and
 * does SHA-256(stored prevHash ‖ body) equal its stored `hash`? Nothing here depends on the rows
 * before it, so pages can be sealed on other threads while the verifier walks the chains in order
 * (see log-seal-pool.ts); the verifier then only has to check that each stored prevHash is the
 * previous hash of its stream, the revisions, the positions and the rolling digest.
 *
 * Only modules without path aliases are imported: a worker thread loads this file by itself.
 */

/** Fields of a page row (as `LOG_PAGE_FIELDS` in the port; repeated so a worker need not load it). */
const F = { streamId: 1, revision: 2, id: 3, type: 4, data: 5, metadata: 6, count: 8 } as const;

/** Per row of a seal: 1 when self-consistent, then where the stored prevHash and hash values are. */
export const SEAL = { ok: 0, prevStart: 1, prevEnd: 2, hashStart: 3, hashEnd: 4, width: 5 } as const;

/** Top-level metadata members the seal reads from the stored text. */
const METADATA_KEYS = memberKeys('eventId', 'prevHash', 'hash');

const text = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const OPEN_DATA = text('{"data":');
const METADATA = text(',"metadata":');
const REVISION = text(',"revision":');
const STREAM_ID = text(',"streamId":"');
const TYPE = text('","type":"');
const CLOSE = text('"}');

/**
 * Seals `count` rows of a page (`bounds` as `StoredLogPage` frames them) into `out`
 * (`count × SEAL.width` entries). A row with `ok` 0 is left to the verifier's general path.
 */
export function sealRows(bytes: Uint8Array, bounds: Uint32Array, count: number, out: Int32Array): void {
  const body = new BodyBuffer();
  for (let r = 0; r < count; r += 1) sealRow(bytes, bounds, r, out, body);
}

/** The seals of a whole page, made on this thread. */
export function sealPage(page: { bytes: Uint8Array; bounds: Uint32Array; count: number }): Int32Array {
  const seals = new Int32Array(page.count * SEAL.width);
  sealRows(page.bytes, page.bounds, page.count, seals);
  return seals;
}

function sealRow(bytes: Uint8Array, bounds: Uint32Array, r: number, out: Int32Array, body: BodyBuffer): void {
  const o = r * SEAL.width;
  out[o + SEAL.ok] = 0;
  const f = r * F.count;
  const end = (k: number): number => bounds[f + k + 1] - 1;
  const metaStart = bounds[f + F.metadata];
  const metaEnd = end(F.metadata);
  const members = canonicalObjectMembers(bytes, METADATA_KEYS, metaStart, metaEnd);
  if (members === undefined) return;
  const [eventId, prevHash, hash] = members;
  // A member's value range is set only for a string without escapes: its bytes are the parsed value.
  if (eventId === undefined || eventId.valueStart < 0 || prevHash === undefined || prevHash.valueStart < 0 || hash === undefined || hash.valueStart < 0) return;
  if (!sameBytes(bytes, eventId.valueStart, eventId.valueEnd, bounds[f + F.id], end(F.id))) return;
  const dataStart = bounds[f + F.data];
  const dataEnd = end(F.data);
  if (!isCanonicalObjectText(bytes, dataStart, dataEnd)) return;
  const streamStart = bounds[f + F.streamId];
  const streamEnd = end(F.streamId);
  const typeStart = bounds[f + F.type];
  const typeEnd = end(F.type);
  // Stream id and type go into the body quoted; text that JSON would escape goes the general way.
  if (needsEscape(bytes, streamStart, streamEnd) || needsEscape(bytes, typeStart, typeEnd)) return;
  const [keep1, keep1End, keep2, keep2End] = rangesWithoutMember(bytes, metaStart, metaEnd, hash);
  // prevHash ‖ {"data":…,"metadata":…,"revision":…,"streamId":"…","type":"…"}: bodyOfCanonicalParts in bytes.
  body.reset();
  body.copy(bytes, prevHash.valueStart, prevHash.valueEnd);
  body.constant(OPEN_DATA);
  body.copy(bytes, dataStart, dataEnd);
  body.constant(METADATA);
  body.copy(bytes, keep1, keep1End);
  body.copy(bytes, keep2, keep2End);
  body.constant(REVISION);
  body.copy(bytes, bounds[f + F.revision], end(F.revision));
  body.constant(STREAM_ID);
  body.copy(bytes, streamStart, streamEnd);
  body.constant(TYPE);
  body.copy(bytes, typeStart, typeEnd);
  body.constant(CLOSE);
  if (!equalsAscii(bytes, hash.valueStart, hash.valueEnd, body.sha256())) return;
  out[o + SEAL.ok] = 1;
  out[o + SEAL.prevStart] = prevHash.valueStart;
  out[o + SEAL.prevEnd] = prevHash.valueEnd;
  out[o + SEAL.hashStart] = hash.valueStart;
  out[o + SEAL.hashEnd] = hash.valueEnd;
}

/** Whether bytes[aStart, aEnd) and bytes[bStart, bEnd) are the same bytes. */
export function sameBytes(bytes: Uint8Array, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let k = 0; k < aEnd - aStart; k += 1) if (bytes[aStart + k] !== bytes[bStart + k]) return false;
  return true;
}

/** Whether bytes[start, end) are the ASCII string `text`. */
export function equalsAscii(bytes: Uint8Array, start: number, end: number, text: string): boolean {
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

/** A reusable buffer a row's `prevHash ‖ body` is assembled in, then hashed in one shot. */
class BodyBuffer {
  private buffer = Buffer.allocUnsafe(16 * 1024);
  private length = 0;

  reset(): void {
    this.length = 0;
  }

  constant(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    const buffer = this.buffer;
    let at = this.length;
    for (let k = 0; k < bytes.length; k += 1) buffer[at++] = bytes[k];
    this.length = at;
  }

  copy(bytes: Uint8Array, start: number, end: number): void {
    this.ensure(end - start);
    const buffer = this.buffer;
    let at = this.length;
    // Short ranges byte by byte; `set` costs more than it saves below a few dozen bytes.
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
    const bigger = Buffer.allocUnsafe(Math.max(2 * this.buffer.length, this.length + more));
    this.buffer.copy(bigger, 0, 0, this.length);
    this.buffer = bigger;
  }
}
