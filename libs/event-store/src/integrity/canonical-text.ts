/**
 * Recognises stored JSON text (UTF-8 bytes) that is already in the one form `canonicalJson`
 * prints (RFC 8785 as the ledger hashes it), so the verifier can hash stored bytes as they are,
 * without decoding, parsing and printing them again.
 *
 * The bytes must be valid UTF-8 (the caller checks the whole page once). The test is
 * conservative: `true` only when `canonicalJson(JSON.parse(decoded)) === decoded` — no
 * whitespace, members in strictly increasing key order (so no duplicate keys), numbers as
 * ES `Number#toString` prints them, strings with exactly the escapes `JSON.stringify` makes.
 * Anything it is not sure of (a key with an escape or a non-ASCII character, deep nesting) is
 * `false`, and the caller takes the general path, which gives the verdict.
 *
 * Strings need no check beyond their escapes: in valid UTF-8 every character other than `"`,
 * `\` and the controls is printed literally by `JSON.stringify`, and a lone surrogate (the one
 * character it escapes besides those) cannot be encoded in valid UTF-8.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MAX_DEPTH = 64;

/** A top-level member of a canonical object. */
export interface MemberSpan {
  /** Offset of the member's key (its opening quote). */
  start: number;
  /** Offset just past the member's value. */
  end: number;
  /** For a string value without escapes, where its characters are (between the quotes); else -1. */
  valueStart: number;
  valueEnd: number;
}

const FAIL = -1;

/**
 * Bytes a string holds literally that need no further look: 1 for printable ASCII but `"` and
 * `\`, 2 for the bytes of a non-ASCII character (valid UTF-8 is checked per page).
 */
const PLAIN = new Uint8Array(256);
for (let c = 0x20; c < 0x100; c += 1) PLAIN[c] = c === QUOTE || c === BACKSLASH ? 0 : c < 0x80 ? 1 : 2;

/**
 * Scanner over `bytes[.., end)`. Each method takes the offset of the value's first byte and
 * returns the offset just past it, or FAIL.
 */
class Scan {
  /** Whether the last string scanned held an escape / a non-ASCII byte. */
  escaped = false;
  wide = false;

  constructor(
    readonly bytes: Uint8Array,
    readonly end: number,
  ) {}

  value(at: number, depth: number): number {
    const c = this.bytes[at];
    if (c === QUOTE) return this.string(at);
    if (c === OPEN_BRACE) return this.object(at, depth + 1, undefined, undefined);
    if (c === OPEN_BRACKET) return this.array(at, depth + 1);
    if (c === 0x74) return this.literal(at, TRUE);
    if (c === 0x66) return this.literal(at, FALSE);
    if (c === 0x6e) return this.literal(at, NULL);
    return this.number(at);
  }

  literal(at: number, word: readonly number[]): number {
    if (at + word.length > this.end) return FAIL;
    for (let k = 0; k < word.length; k += 1) if (this.bytes[at + k] !== word[k]) return FAIL;
    return at + word.length;
  }

  string(at: number): number {
    const bytes = this.bytes;
    const end = this.end;
    let escaped = false;
    let wide = false;
    let i = at + 1;
    for (;;) {
      // Plain ASCII runs in a tight loop; the end is guarded by the class table (no byte past
      // `end` is read: the loop stops at `end`).
      let seen = 0;
      for (let kind = 0; i < end && (kind = PLAIN[bytes[i]]) !== 0; i += 1) seen |= kind;
      if (seen & 2) wide = true;
      if (i >= end) return FAIL;
      const c = bytes[i];
      if (c === QUOTE) break;
      if (c < 0x20) return FAIL;
      if (c >= 0x80) {
        wide = true;
        i += 1;
        continue;
      }
      if (c === BACKSLASH) {
        escaped = true;
        const e = bytes[i + 1];
        if (e === QUOTE || e === BACKSLASH || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
          i += 2;
          continue;
        }
        // \u00XX, lower-case hex, only for the controls without a short escape.
        if (e !== 0x75 || bytes[i + 2] !== 0x30 || bytes[i + 3] !== 0x30 || i + 6 > end) return FAIL;
        const hi = bytes[i + 4];
        const lo = bytes[i + 5];
        if (hi !== 0x30 && hi !== 0x31) return FAIL;
        const loValue = lo >= 0x30 && lo <= 0x39 ? lo - 0x30 : lo >= 0x61 && lo <= 0x66 ? lo - 0x57 : -1;
        if (loValue < 0) return FAIL;
        const code = (hi - 0x30) * 16 + loValue;
        if (code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d) return FAIL;
        i += 6;
        continue;
      }
      i += 1;
    }
    this.escaped = escaped;
    this.wide = wide;
    return i + 1;
  }

  number(at: number): number {
    const bytes = this.bytes;
    const end = this.end;
    let i = at;
    if (bytes[i] === 0x2d) i += 1;
    const first = i < end ? bytes[i] : -1;
    if (first === 0x30) i += 1;
    else if (first >= 0x31 && first <= 0x39) {
      do i += 1;
      while (i < end && isDigit(bytes[i]));
    } else return FAIL;
    let plainInteger = true;
    if (i < end && bytes[i] === 0x2e) {
      plainInteger = false;
      i += 1;
      if (!(i < end && isDigit(bytes[i]))) return FAIL;
      do i += 1;
      while (i < end && isDigit(bytes[i]));
    }
    if (i < end && (bytes[i] === 0x65 || bytes[i] === 0x45)) {
      plainInteger = false;
      i += 1;
      if (i < end && (bytes[i] === 0x2b || bytes[i] === 0x2d)) i += 1;
      if (!(i < end && isDigit(bytes[i]))) return FAIL;
      do i += 1;
      while (i < end && isDigit(bytes[i]));
    }
    // A short integer without leading zeros prints as itself, except -0 (printed 0).
    if (plainInteger && i - at <= 15) return i - at === 2 && bytes[at] === 0x2d && first === 0x30 ? FAIL : i;
    let token = '';
    for (let k = at; k < i; k += 1) token += String.fromCharCode(bytes[k]);
    return String(Number(token)) === token ? i : FAIL;
  }

  array(at: number, depth: number): number {
    if (depth > MAX_DEPTH) return FAIL;
    let i = at + 1;
    if (i < this.end && this.bytes[i] === CLOSE_BRACKET) return i + 1;
    for (;;) {
      if (i >= this.end) return FAIL;
      i = this.value(i, depth);
      if (i === FAIL || i >= this.end) return FAIL;
      const c = this.bytes[i];
      i += 1;
      if (c === CLOSE_BRACKET) return i;
      if (c !== COMMA) return FAIL;
    }
  }

  /**
   * An object with keys in strictly increasing UTF-16 order. With `wanted`, records in `found`
   * where each of those top-level members is.
   */
  object(at: number, depth: number, wanted: readonly Uint8Array[] | undefined, found: Array<MemberSpan | undefined> | undefined): number {
    if (depth > MAX_DEPTH) return FAIL;
    const bytes = this.bytes;
    const end = this.end;
    let i = at + 1;
    if (i < end && bytes[i] === CLOSE_BRACE) return i + 1;
    let previousStart = -1;
    let previousEnd = -1;
    for (;;) {
      const keyStart = i;
      if (i >= end || bytes[i] !== QUOTE) return FAIL;
      i = this.string(i);
      // Keys are ordered by UTF-16 code units: for ASCII keys without escapes that is byte
      // order. Any other key (none in the ledger's metadata) sends the event the general way.
      if (i === FAIL || this.escaped || this.wide) return FAIL;
      if (previousStart >= 0 && !lessThan(bytes, previousStart + 1, previousEnd - 1, keyStart + 1, i - 1)) return FAIL;
      previousStart = keyStart;
      previousEnd = i;
      if (i >= end || bytes[i] !== COLON) return FAIL;
      const valueStart = i + 1;
      if (valueStart >= end) return FAIL;
      i = this.value(valueStart, depth);
      if (i === FAIL) return FAIL;
      if (wanted) {
        const index = indexOfKey(wanted, bytes, keyStart + 1, previousEnd - 1);
        if (index >= 0) {
          const plainString = bytes[valueStart] === QUOTE && !this.escaped;
          found![index] = { start: keyStart, end: i, valueStart: plainString ? valueStart + 1 : -1, valueEnd: plainString ? i - 1 : -1 };
        }
      }
      if (i >= end) return FAIL;
      const c = bytes[i];
      i += 1;
      if (c === CLOSE_BRACE) return i;
      if (c !== COMMA) return FAIL;
    }
  }
}

const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];
const NULL = [0x6e, 0x75, 0x6c, 0x6c];

function indexOfKey(wanted: readonly Uint8Array[], bytes: Uint8Array, start: number, end: number): number {
  outer: for (let k = 0; k < wanted.length; k += 1) {
    const key = wanted[k];
    if (key.length !== end - start) continue;
    for (let j = 0; j < key.length; j += 1) if (bytes[start + j] !== key[j]) continue outer;
    return k;
  }
  return -1;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** bytes[aStart, aEnd) < bytes[bStart, bEnd), byte-wise. */
function lessThan(bytes: Uint8Array, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  const aLength = aEnd - aStart;
  const bLength = bEnd - bStart;
  const n = aLength < bLength ? aLength : bLength;
  for (let k = 0; k < n; k += 1) {
    const a = bytes[aStart + k];
    const b = bytes[bStart + k];
    if (a !== b) return a < b;
  }
  return aLength < bLength;
}

/** True when `bytes[start, end)` is one JSON object exactly as `canonicalJson` prints its parse. */
export function isCanonicalObjectText(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
  if (start >= end || bytes[start] !== OPEN_BRACE) return false;
  return new Scan(bytes, end).object(start, 1, undefined, undefined) === end;
}

/** Keys as the byte arrays `canonicalObjectMembers` looks for. */
export function memberKeys(...keys: string[]): Uint8Array[] {
  return keys.map((key) => Buffer.from(key, 'utf8'));
}

/**
 * Like `isCanonicalObjectText`, and also the spans of the object's top-level members named in
 * `wanted` (in that order; undefined for a key the object lacks); `undefined` when the text is
 * not canonical.
 */
export function canonicalObjectMembers(
  bytes: Uint8Array,
  wanted: readonly Uint8Array[],
  start = 0,
  end = bytes.length,
): Array<MemberSpan | undefined> | undefined {
  if (start >= end || bytes[start] !== OPEN_BRACE) return undefined;
  const found = new Array<MemberSpan | undefined>(wanted.length).fill(undefined);
  return new Scan(bytes, end).object(start, 1, wanted, found) === end ? found : undefined;
}

/**
 * The canonical object `bytes[start, end)` without one of its top-level members, as the one or
 * two byte ranges to keep: what `canonicalJsonWithout(JSON.parse(text), key)` prints.
 */
export function rangesWithoutMember(bytes: Uint8Array, start: number, end: number, span: MemberSpan): [number, number, number, number] {
  if (bytes[span.start - 1] === COMMA) return [start, span.start - 1, span.end, end];
  // The first member: drop the comma after it, if another member follows.
  return bytes[span.end] === COMMA ? [start, span.start, span.end + 1, end] : [start, span.start, span.end, end];
}
