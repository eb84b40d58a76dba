/**
 * Recognises JSON text that is already in the one form `canonicalJson` prints (RFC 8785 as the
 * ledger hashes it), so the verifier can hash stored text as it is, without parsing it and
 * printing it again.
 *
 * The test is conservative: `true` only when `canonicalJson(JSON.parse(text)) === text` — no
 * whitespace, members in strictly increasing key order (so no duplicate keys), numbers as
 * ES `Number#toString` prints them, strings with exactly the escapes `JSON.stringify` makes.
 * Anything it is not sure of (an escaped key, an escaped surrogate, deep nesting) is `false`,
 * and the caller takes the general path, which gives the verdict.
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

/** A top-level member of a canonical object: where its value's text is. */
export interface MemberSpan {
  /** Offset of the member's key (its opening quote). */
  start: number;
  /** Offset just past the member's value. */
  end: number;
  /** The value when it is a string without escapes, else undefined. */
  text?: string;
}

/** Scanner state: one text, one offset. A failure sets `pos` to -1 and unwinds. */
class Scan {
  pos = 0;
  constructor(readonly text: string) {}

  fail(): false {
    this.pos = -1;
    return false;
  }

  value(depth: number): boolean {
    const c = this.text.charCodeAt(this.pos);
    if (c === QUOTE) return this.string() >= 0;
    if (c === OPEN_BRACE) return this.object(depth + 1, undefined);
    if (c === OPEN_BRACKET) return this.array(depth + 1);
    if (c === 0x74) return this.literal('true');
    if (c === 0x66) return this.literal('false');
    if (c === 0x6e) return this.literal('null');
    return this.number();
  }

  literal(word: string): boolean {
    if (!this.text.startsWith(word, this.pos)) return this.fail();
    this.pos += word.length;
    return true;
  }

  /**
   * A string at `pos` in canonical form; returns the offset of its closing quote and leaves
   * `pos` past it, or -1. `escaped` tells whether it held any escape.
   */
  escaped = false;
  string(): number {
    const text = this.text;
    let i = this.pos + 1;
    this.escaped = false;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c !== c) return this.failAt(); // NaN: end of text
      if (c === QUOTE) {
        this.pos = i + 1;
        return i;
      }
      if (c < 0x20) return this.failAt();
      if (c === BACKSLASH) {
        this.escaped = true;
        const e = text.charCodeAt(i + 1);
        if (e === QUOTE || e === BACKSLASH || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
          i += 2;
          continue;
        }
        // \u00XX, lower-case hex, only for the controls that have no short escape.
        if (e !== 0x75 || text.charCodeAt(i + 2) !== 0x30 || text.charCodeAt(i + 3) !== 0x30) return this.failAt();
        const hi = text.charCodeAt(i + 4);
        const lo = text.charCodeAt(i + 5);
        if (hi !== 0x30 && hi !== 0x31) return this.failAt();
        const loValue = lo >= 0x30 && lo <= 0x39 ? lo - 0x30 : lo >= 0x61 && lo <= 0x66 ? lo - 0x57 : -1;
        if (loValue < 0) return this.failAt();
        const code = (hi - 0x30) * 16 + loValue;
        if (code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d) return this.failAt();
        i += 6;
        continue;
      }
      if (c >= 0xd800 && c <= 0xdfff) {
        // Only a well-formed pair stays literal; a lone surrogate would have been escaped.
        const next = text.charCodeAt(i + 1);
        if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return this.failAt();
        i += 2;
        continue;
      }
      i += 1;
    }
  }

  failAt(): number {
    this.pos = -1;
    return -1;
  }

  number(): boolean {
    const text = this.text;
    const start = this.pos;
    let i = start;
    if (text.charCodeAt(i) === 0x2d) i += 1;
    const first = text.charCodeAt(i);
    if (first === 0x30) i += 1;
    else if (first >= 0x31 && first <= 0x39) {
      do i += 1;
      while (isDigit(text.charCodeAt(i)));
    } else return this.fail();
    let plainInteger = true;
    if (text.charCodeAt(i) === 0x2e) {
      plainInteger = false;
      i += 1;
      if (!isDigit(text.charCodeAt(i))) return this.fail();
      do i += 1;
      while (isDigit(text.charCodeAt(i)));
    }
    const e = text.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      plainInteger = false;
      i += 1;
      const sign = text.charCodeAt(i);
      if (sign === 0x2b || sign === 0x2d) i += 1;
      if (!isDigit(text.charCodeAt(i))) return this.fail();
      do i += 1;
      while (isDigit(text.charCodeAt(i)));
    }
    this.pos = i;
    // A short integer without leading zeros prints as itself, except -0 (printed 0).
    if (plainInteger && i - start <= 15) return !(i - start === 2 && text.charCodeAt(start) === 0x2d && first === 0x30) || this.fail();
    const token = text.slice(start, i);
    return String(Number(token)) === token || this.fail();
  }

  array(depth: number): boolean {
    if (depth > MAX_DEPTH) return this.fail();
    this.pos += 1;
    if (this.text.charCodeAt(this.pos) === CLOSE_BRACKET) {
      this.pos += 1;
      return true;
    }
    for (;;) {
      if (!this.value(depth)) return this.fail();
      const c = this.text.charCodeAt(this.pos);
      this.pos += 1;
      if (c === CLOSE_BRACKET) return true;
      if (c !== COMMA) return this.fail();
    }
  }

  /**
   * An object with keys in strictly increasing UTF-16 order. With `members`, records where each
   * top-level member's value is (keys without escapes only, which canonical keys are here).
   */
  object(depth: number, wanted: readonly string[] | undefined, found?: Array<MemberSpan | undefined>): boolean {
    if (depth > MAX_DEPTH) return this.fail();
    const text = this.text;
    this.pos += 1;
    if (text.charCodeAt(this.pos) === CLOSE_BRACE) {
      this.pos += 1;
      return true;
    }
    let previousStart = -1;
    let previousEnd = -1;
    for (;;) {
      const keyStart = this.pos;
      if (text.charCodeAt(keyStart) !== QUOTE) return this.fail();
      const keyEnd = this.string();
      // An escaped key would need decoding to be ordered; no ledger key has one.
      if (keyEnd < 0 || this.escaped) return this.fail();
      if (previousStart >= 0 && !lessThan(text, previousStart + 1, previousEnd, keyStart + 1, keyEnd)) return this.fail();
      previousStart = keyStart;
      previousEnd = keyEnd;
      if (text.charCodeAt(this.pos) !== COLON) return this.fail();
      this.pos += 1;
      const valueStart = this.pos;
      const isString = text.charCodeAt(valueStart) === QUOTE;
      if (!this.value(depth)) return this.fail();
      if (wanted) {
        const index = indexOfKey(wanted, text, keyStart + 1, keyEnd);
        if (index >= 0) {
          const span: MemberSpan = { start: keyStart, end: this.pos };
          if (isString && !this.escaped) span.text = text.slice(valueStart + 1, this.pos - 1);
          found![index] = span;
        }
      }
      const c = text.charCodeAt(this.pos);
      this.pos += 1;
      if (c === CLOSE_BRACE) return true;
      if (c !== COMMA) return this.fail();
    }
  }
}

function indexOfKey(wanted: readonly string[], text: string, start: number, end: number): number {
  for (let k = 0; k < wanted.length; k += 1) {
    const key = wanted[k];
    if (key.length === end - start && text.startsWith(key, start)) return k;
  }
  return -1;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** text[aStart, aEnd) < text[bStart, bEnd) by UTF-16 code units (what `Array#sort` orders keys by). */
function lessThan(text: string, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  const aLength = aEnd - aStart;
  const bLength = bEnd - bStart;
  const n = aLength < bLength ? aLength : bLength;
  for (let k = 0; k < n; k += 1) {
    const a = text.charCodeAt(aStart + k);
    const b = text.charCodeAt(bStart + k);
    if (a !== b) return a < b;
  }
  return aLength < bLength;
}

/** True when `text` is one JSON object exactly as `canonicalJson` prints its parse. */
export function isCanonicalObjectText(text: string): boolean {
  if (text.charCodeAt(0) !== OPEN_BRACE) return false;
  const scan = new Scan(text);
  return scan.object(1, undefined) && scan.pos === text.length;
}

/**
 * Like `isCanonicalObjectText`, and also the spans of the object's top-level members named in
 * `wanted` (in that order; undefined for a key the object lacks); `undefined` when the text is
 * not canonical.
 */
export function canonicalObjectMembers(text: string, wanted: readonly string[]): Array<MemberSpan | undefined> | undefined {
  if (text.charCodeAt(0) !== OPEN_BRACE) return undefined;
  const scan = new Scan(text);
  const found = new Array<MemberSpan | undefined>(wanted.length).fill(undefined);
  return scan.object(1, wanted, found) && scan.pos === text.length ? found : undefined;
}

/**
 * The canonical text of an object without one of its members, given the canonical text and
 * that member's span: what `canonicalJsonWithout(JSON.parse(text), key)` prints.
 */
export function withoutMember(text: string, span: MemberSpan): string {
  if (text.charCodeAt(span.start - 1) === COMMA) return text.slice(0, span.start - 1) + text.slice(span.end);
  // The first member: drop the comma after it, if another member follows.
  return text.charCodeAt(span.end) === COMMA ? text.slice(0, span.start) + text.slice(span.end + 1) : text.slice(0, span.start) + text.slice(span.end);
}
