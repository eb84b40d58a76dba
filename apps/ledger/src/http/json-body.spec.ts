import { badText, MAX_BODY_DEPTH, tooDeeplyNested } from './json-body';

/** `[[…]]` with `levels` arrays, the outermost being level 1. */
const arrays = (levels: number): unknown => JSON.parse(`${'['.repeat(levels)}${']'.repeat(levels)}`);

describe('badText', () => {
  it('accepts text: CJK, astral characters as surrogate pairs, tabs and line breaks', () => {
    expect(badText({ name: '济南高新区管委会', note: '𠮷野家 🙂', evidence: '第一行\n第二行\t附件\r\n' })).toBeUndefined();
  });

  it('names the first string holding a lone surrogate or a control character, in values, arrays and keys', () => {
    expect(badText({ a: { b: ['ok', 'x\ud800'] } })).toEqual({ field: 'a.b[1]', message: expect.stringContaining('lone surrogate') });
    expect(badText({ a: '\udc00x' })).toEqual({ field: 'a', message: expect.stringContaining('lone surrogate') });
    expect(badText({ a: 'x\u0000' })).toEqual({ field: 'a', message: expect.stringContaining('control character') });
    expect(badText({ a: '\u007f' })).toEqual({ field: 'a', message: expect.stringContaining('control character') });
    expect(badText({ a: 'x\u0085' })).toEqual({ field: 'a', message: expect.stringContaining('control character') });
    expect(badText({ a: '\u00a0é' })).toBeUndefined();
    expect(badText({ 'k\u0001': 1 })).toEqual({ field: 'k\u0001', message: expect.stringContaining('its name') });
    expect(badText('\u0002')).toEqual({ field: 'body', message: expect.stringContaining('control character') });
  });
});

describe('tooDeeplyNested', () => {
  it('accepts a body of exactly the limit, refuses one level more', () => {
    expect(tooDeeplyNested(arrays(MAX_BODY_DEPTH))).toBeUndefined();
    expect(tooDeeplyNested(arrays(MAX_BODY_DEPTH + 1))).toBe('[0]'.repeat(MAX_BODY_DEPTH));
    expect(tooDeeplyNested({ a: { b: [{ c: 1 }] } }, 4)).toBeUndefined();
    expect(tooDeeplyNested({ a: { b: [{ c: {} }] } }, 4)).toBe('a.b[0].c');
  });

  it('only counts objects and arrays; scalars and null are not levels', () => {
    for (const body of [undefined, null, 1, 'text', true, {}, [], { a: null, b: 'x', c: [1, 2, 3] }]) expect(tooDeeplyNested(body, 2)).toBeUndefined();
  });

  it('measures any depth JSON.parse accepts without recursion, and names a short path', () => {
    const path = tooDeeplyNested(arrays(500_000));
    expect(path).toMatch(/^(\[0\])+$/);
    const keyed = tooDeeplyNested(JSON.parse(`${'{"a":'.repeat(200_000)}1${'}'.repeat(200_000)}`));
    expect(keyed).toBe(Array(MAX_BODY_DEPTH).fill('a').join('.'));
  });

  it('cuts a path made of long keys', () => {
    const key = 'k'.repeat(1000);
    const path = tooDeeplyNested({ [key]: { [key]: {} } }, 2)!;
    expect(path.length).toBeLessThanOrEqual(201);
    expect(path.startsWith(key.slice(0, 200))).toBe(true);
  });
});
