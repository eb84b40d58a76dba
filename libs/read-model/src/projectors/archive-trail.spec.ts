import fc from 'fast-check';
import { appendToJsonArray } from './archive.projector';

describe('archive trail text', () => {
  it('appending the printed entries of a batch prints the same as the whole trail', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 5 }), fc.array(fc.jsonValue(), { maxLength: 5 }), (before, batch) => {
        expect(appendToJsonArray(JSON.stringify(before), JSON.stringify(batch))).toBe(JSON.stringify([...before, ...batch]));
      }),
      { numRuns: 500 },
    );
  });
});
