import canonicalizeJcs from 'canonicalize';

/**
 * RFC 8785 (JCS) canonical JSON: the one byte form every hash in the ledger is computed over.
 *
 * The output is byte-for-byte that of the `canonicalize` package (the reference), which
 * `canonical-json.spec.ts` checks on arbitrary JSON values with fast-check. This serializer is
 * only faster: one pass, string concatenation instead of `reduce` + template strings, no
 * `JSON.stringify` call for strings that need no escaping or for numbers. Anything outside
 * plain JSON data (class instances, `toJSON`, functions, symbols, bigints, sparse arrays) is
 * handed to `canonicalize` itself, so even its quirks on non-JSON input are kept.
 */
export function canonicalJson(value: unknown): string {
  const text = serialize(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return text;
}

/**
 * `canonicalJson` of `object` without its property `omit`: byte-identical to canonicalizing
 * `{ ...rest }` after `const { [omit]: _, ...rest } = object`, without building the copy.
 */
export function canonicalJsonWithout(object: Record<string, unknown>, omit: string): string {
  const proto = Object.getPrototypeOf(object);
  if ((proto !== Object.prototype && proto !== null) || typeof object.toJSON === 'function') {
    const { [omit]: _omitted, ...rest } = object;
    return canonicalJson(rest);
  }
  return serializeObject(object, omit) as string;
}

/** The reference serializer, for tests and for anything the fast path does not handle. */
export function canonicalJsonReference(value: unknown): string | undefined {
  return canonicalizeJcs(value);
}

/** Characters JSON.stringify escapes in a string: `"`, `\`, controls, and (lone) surrogates. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function quote(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

function serialize(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      // The reference throws these; ES Number::toString (what JSON.stringify uses) otherwise, -0 → "0".
      if (value !== value) throw new Error('NaN is not allowed');
      if (value === Infinity || value === -Infinity) throw new Error('Infinity is not allowed');
      return value === 0 ? '0' : String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return serializeArray(value);
      return serializeObject(value as Record<string, unknown>);
    default:
      return canonicalizeJcs(value);
  }
}

function serializeArray(array: unknown[]): string | undefined {
  if (typeof (array as { toJSON?: unknown }).toJSON === 'function') return canonicalizeJcs(array);
  const length = array.length;
  if (length === 0) return '[]';
  let out = '[';
  for (let i = 0; i < length; i += 1) {
    const item = array[i];
    if (i > 0) out += ',';
    if (item === undefined) {
      // A hole is skipped by the reference (it reduces over the array); undefined becomes null.
      if (!(i in array)) return canonicalizeJcs(array);
      out += 'null';
    } else if (typeof item === 'symbol') {
      out += 'null';
    } else {
      out += `${serialize(item)}`;
    }
  }
  return `${out}]`;
}

function serializeObject(object: Record<string, unknown>, omit?: string): string | undefined {
  if (omit === undefined) {
    const proto = Object.getPrototypeOf(object);
    if ((proto !== Object.prototype && proto !== null) || typeof object.toJSON === 'function') {
      return canonicalizeJcs(object);
    }
  }
  const keys = Object.keys(object).sort();
  let out = '{';
  let first = true;
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i];
    if (key === omit) continue;
    const item = object[key];
    if (item === undefined || typeof item === 'symbol') continue;
    if (first) first = false;
    else out += ',';
    out += `${quote(key)}:${serialize(item)}`;
  }
  return `${out}}`;
}

/** Nesting beyond which `canonicalJsonOfPlainData` gives up (a cycle, or data far from any event's shape). */
const MAX_PLAIN_DEPTH = 64;

/**
 * The canonical JSON of `value` as it comes back from a JSON round trip, i.e.
 * `canonicalJson(JSON.parse(JSON.stringify(value)))`, without the round trip — or `undefined`
 * when `value` holds anything a round trip would change or that the plain path does not handle
 * (class instances, `toJSON`, functions, symbols, bigints, NaN/Infinity, holes, very deep
 * nesting, cycles). The caller then does the round trip itself, so the result never differs.
 *
 * On plain data the two agree: an object's `undefined` members are dropped by both, an array's
 * `undefined` items become `null` in both, strings and finite numbers come back unchanged.
 */
export function canonicalJsonOfPlainData(value: unknown): string | undefined {
  return plain(value, 0);
}

function plain(value: unknown, depth: number): string | undefined {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      if (value !== value || value === Infinity || value === -Infinity) return undefined;
      return value === 0 ? '0' : String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (depth >= MAX_PLAIN_DEPTH) return undefined;
      if (Array.isArray(value)) {
        if (Object.getPrototypeOf(value) !== Array.prototype || typeof (value as { toJSON?: unknown }).toJSON === 'function') return undefined;
        let out = '[';
        for (let i = 0; i < value.length; i += 1) {
          const item: unknown = value[i];
          let text: string | undefined;
          if (item === undefined) {
            if (!(i in value)) return undefined;
            text = 'null';
          } else {
            text = plain(item, depth + 1);
            if (text === undefined) return undefined;
          }
          out += i === 0 ? text : `,${text}`;
        }
        return `${out}]`;
      }
      const proto = Object.getPrototypeOf(value);
      const object = value as Record<string, unknown>;
      if ((proto !== Object.prototype && proto !== null) || typeof object.toJSON === 'function') return undefined;
      const keys = Object.keys(object).sort();
      let out = '{';
      let first = true;
      for (let i = 0; i < keys.length; i += 1) {
        const item = object[keys[i]];
        if (item === undefined) continue;
        const text = plain(item, depth + 1);
        if (text === undefined) return undefined;
        out += `${first ? '' : ','}${quote(keys[i])}:${text}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      return undefined;
  }
}

/**
 * The canonical JSON of `object` without its member `key` (`without`, byte-identical to
 * `canonicalJsonWithout(object, key)`), and a function giving it with `key` set to a string
 * (byte-identical to `canonicalJson({ ...object, [key]: value })`), from one serialisation of
 * the other members. The ledger's metadata: hashed without its hash, stored with it.
 */
export function canonicalJsonAround(object: Record<string, unknown>, key: string): { without: string; withMember: (value: string) => string } {
  const proto = Object.getPrototypeOf(object);
  if ((proto !== Object.prototype && proto !== null) || typeof object.toJSON === 'function') {
    return { without: canonicalJsonWithout(object, key), withMember: (value) => canonicalJson({ ...object, [key]: value }) };
  }
  const keys = Object.keys(object).sort();
  let before = '';
  let after = '';
  for (let i = 0; i < keys.length; i += 1) {
    const name = keys[i];
    if (name === key) continue;
    const item = object[name];
    if (item === undefined || typeof item === 'symbol') continue;
    const member = `${quote(name)}:${serialize(item)}`;
    if (name < key) before += before === '' ? member : `,${member}`;
    else after += after === '' ? member : `,${member}`;
  }
  const join = (...parts: string[]) => parts.filter((part) => part !== '').join(',');
  return { without: `{${join(before, after)}}`, withMember: (value) => `{${join(before, `${quote(key)}:${quote(value)}`, after)}}` };
}

/** `canonicalJson` of a string: JSON string syntax with only the escapes JSON.stringify makes. */
export function canonicalString(text: string): string {
  return quote(text);
}
