import fc from 'fast-check';
import { FREE_TEXT, slimStateJson } from './slim-state';

/** The stripped copy the states used to be serialised from. */
function stripped(value: unknown, keep: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => stripped(v, keep));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, FREE_TEXT.has(k) && !keep.has(k) && typeof v === 'string' ? '' : stripped(v, keep)]),
  );
}

describe('slimStateJson', () => {
  const keys = fc.constantFrom(...FREE_TEXT, 'status', 'subject', 'on', 'orders', 'kind', '0');
  const state = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), fc.constant(null), tie('object'), tie('array')),
    object: fc.dictionary(keys, tie('value'), { maxKeys: 6 }),
    array: fc.array(tie('value'), { maxLength: 4 }),
  }));

  it('prints exactly the state with every free-text string emptied, at any depth, except the kept keys', () => {
    fc.assert(
      fc.property(state.object, fc.subarray([...FREE_TEXT]), (value, kept) => {
        const keep = new Set(kept);
        expect(slimStateJson(value, keep)).toBe(JSON.stringify(stripped(value, keep)));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps non-string values under free-text keys and the text of kept keys', () => {
    const json = slimStateJson({ description: '公开的描述', evidence: '凭证', title: { text: 'x' }, orders: [{ requirements: '整改要求', deadline: '2026-01-01' }] }, new Set(['description']));
    expect(JSON.parse(json)).toEqual({ description: '公开的描述', evidence: '', title: { text: 'x' }, orders: [{ requirements: '', deadline: '2026-01-01' }] });
  });
});
