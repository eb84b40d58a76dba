import fc from 'fast-check';
import canonicalize from 'canonicalize';
import { canonicalJson, canonicalJsonWithout } from './canonical-json';
import { createHash } from 'node:crypto';
import { computeEventHash, GENESIS_HASH, hashedBody, rollDigest } from './hash-chain';
import { deterministicEventId } from './event-id';

/** The reference: the `canonicalize` package, exactly as the ledger used it before. */
const reference = (value: unknown): string | undefined => canonicalize(value);

const edgeNumbers = fc.constantFrom(
  0,
  -0,
  1,
  -1,
  1e21,
  -1e21,
  1e-7,
  1.5e-7,
  -1.5e-7,
  1e20,
  123456789012345680000,
  0.1,
  0.000001,
  4.35,
  333333333.3333333,
  Number.MAX_SAFE_INTEGER,
  Number.MIN_SAFE_INTEGER,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.EPSILON,
  2 ** 53 + 2,
  1e308,
  5e-324,
);

const numbers = fc.oneof(
  edgeNumbers,
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e-5, max: 1e-5 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: 1e19, max: 1e23 }),
);

/** Strings of every kind: ASCII, any code point, any UTF-16 unit (lone surrogates), escapes. */
const strings = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'grapheme-composite' }),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\t', '\u0000', '\u001f', '\u007f', '\u2028', '\ud800', '\udfff', '€', '政', '😀', 'a') }),
  fc.constantFrom('', '政务诚信', 'é', 'e\u0301', '\ud83d\ude00', '\ud83d', '\ude00', '\u00ad', '\ufeff'),
);

const keys = fc.oneof(strings, fc.constantFrom('__proto__', 'constructor', 'toString', 'hash', '10', '9', '1e3', '', 'a', 'b', 'A', 'ä', '政', '😀'));

const { json } = fc.letrec((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    numbers,
    strings,
    tie('array'),
    tie('object'),
    tie('nullProtoObject'),
  ),
  array: fc.array(tie('json'), { maxLength: 6 }),
  object: fc.dictionary(keys, tie('json'), { maxKeys: 8 }),
  nullProtoObject: fc
    .dictionary(keys, tie('json'), { maxKeys: 4 })
    .map((entries) => Object.assign(Object.create(null) as Record<string, unknown>, entries)),
}));

describe('canonicalJson is byte-identical to the canonicalize package (RFC 8785)', () => {
  it('on arbitrary JSON values (unicode strings and keys, edge numbers, nesting)', () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
      }),
      { numRuns: 3000 },
    );
  });

  it("on fast-check's own JSON values with full-unicode strings", () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
      }),
      { numRuns: 1000 },
    );
  });

  it('on values parsed back from their JSON text (what the verifier hashes)', () => {
    fc.assert(
      fc.property(json, (value) => {
        const parsed = JSON.parse(JSON.stringify(value));
        expect(canonicalJson(parsed)).toBe(reference(parsed));
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    ['1e21', 1e21, '1e+21'],
    ['-0', -0, '0'],
    ['1.5e-7', 1.5e-7, '1.5e-7'],
    ['1e-7', 1e-7, '1e-7'],
    ['0.000001', 0.000001, '0.000001'],
    ['a lone surrogate', '\ud800', '"\\ud800"'],
    ['a control character', '\u0001', '"\\u0001"'],
    ['U+2028 (not escaped)', '\u2028', '"\u2028"'],
  ])('%s', (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
    expect(reference(value)).toBe(expected);
  });

  it('sorts keys by UTF-16 code units, nested, as RFC 8785 §3.2.3 requires', () => {
    const value = { '\u20ac': 'Euro', '\r': 'CR', '\ufb33': 'Hebrew', '1': 'One', '\ud83d\ude00': 'Smiley', '\u0080': 'Control', '\u00f6': 'o', 政: { b: 1, a: [{ z: 0, y: -0 }] } };
    expect(canonicalJson(value)).toBe(reference(value));
    expect(canonicalJson(value)).toBe(
      '{"\\r":"CR","1":"One","\u0080":"Control","\u00f6":"o","\u20ac":"Euro","\u653f":{"a":[{"y":0,"z":0}],"b":1},"\ud83d\ude00":"Smiley","\ufb33":"Hebrew"}',
    );
  });

  it('keeps the reference behaviour outside plain JSON: undefined, symbols, toJSON, classes, holes', () => {
    const odd: unknown[] = [
      { a: undefined, b: Symbol('s'), c: 1 },
      [undefined, Symbol('s'), 1],
      new Date(0),
      { when: new Date(0), nested: { toJSON: () => ({ z: 1, a: 2 }) } },
      // eslint-disable-next-line no-sparse-arrays
      [1, , 3],
      new Map([['a', 1]]),
      { f: () => 1 },
      [() => 1],
      Object.assign(Object.create({ inherited: 1 }), { own: 2 }),
      { toJSON: 'not a function', b: 1 },
    ];
    for (const value of odd) expect(canonicalJson(value)).toBe(reference(value));
  });

  it('throws where the reference throws', () => {
    for (const bad of [NaN, Infinity, -Infinity, [1, NaN], { a: Infinity }]) {
      let message = '';
      try {
        reference(bad);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).not.toBe('');
      expect(() => canonicalJson(bad)).toThrow(message);
    }
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson({ big: BigInt(1) })).toThrow(TypeError);
  });
});

describe('the event hash body', () => {
  const content = fc.record({
    streamId: strings,
    revision: fc.nat(),
    type: strings,
    data: fc.dictionary(keys, json, { maxKeys: 8 }),
    metadata: fc.dictionary(keys, json, { maxKeys: 8 }),
  });

  it('is JCS of {streamId, revision, type, data, metadata without hash}, as before', () => {
    fc.assert(
      fc.property(content, fc.option(fc.string()), (c, hash) => {
        const metadata = hash === null ? c.metadata : { ...c.metadata, hash };
        const { hash: _ignored, ...rest } = metadata;
        const expected = reference({ streamId: c.streamId, revision: c.revision, type: c.type, data: c.data, metadata: rest });
        expect(hashedBody({ ...c, metadata })).toBe(expected);
        expect(canonicalJsonWithout(metadata, 'hash')).toBe(reference(rest));
        const expectedHash = createHash('sha256').update(GENESIS_HASH).update(expected!).digest('hex');
        expect(computeEventHash(GENESIS_HASH, { ...c, metadata })).toBe(expectedHash);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('one-shot hashing gives the digests of the streaming Hash it replaced', () => {
  const streamed = (...parts: string[]): Buffer => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();

  it('rollDigest = SHA-256(previous ‖ event hash)', () => {
    const hex64 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));
    fc.assert(
      fc.property(hex64, hex64, (previous, hash) => {
        expect(rollDigest(previous, hash)).toBe(streamed(previous, hash).toString('hex'));
      }),
    );
  });

  it('deterministicEventId = UUID layout of SHA-256(commandId ␀ streamId ␀ index)', () => {
    fc.assert(
      fc.property(strings, strings, fc.nat(), (commandId, streamId, index) => {
        const bytes = streamed(`${commandId}\u0000${streamId}\u0000${index}`);
        bytes[6] = (bytes[6] & 0x0f) | 0x50;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        const hex = bytes.subarray(0, 16).toString('hex');
        const expected = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
        expect(deterministicEventId(commandId, streamId, index)).toBe(expected);
      }),
    );
    // A fixed vector (computed with the earlier implementation), so a change of derivation cannot slip through both sides.
    expect(deterministicEventId('cmd-1', 'institution-91350100M000100Y43', 0)).toBe('6161ac2b-a280-569a-9156-1a1ea366a60a');
  });
});
