import { ProblemException } from '@app/application';
import { WEAK_ETAG_REVISION } from '@app/application/http/if-match';
import { parseIfMatch } from './if-match';

describe('parseIfMatch', () => {
  it('reads the revision of a strong tag; no header and * mean no check', () => {
    expect(parseIfMatch('"5"')).toBe(5);
    expect(parseIfMatch(' "0" ')).toBe(0);
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('*')).toBeUndefined();
  });

  it('a weak tag is a revision no stream has: If-Match compares strongly, so it never matches', () => {
    expect(parseIfMatch('W/"5"')).toBe(WEAK_ETAG_REVISION);
    expect(parseIfMatch('W/"0"')).toBe(WEAK_ETAG_REVISION);
    expect(WEAK_ETAG_REVISION).toBeLessThan(0);
  });

  it('anything else is a 400', () => {
    for (const header of ['"abc"', 'W/"abc"', 'w/"5"', '"5", "6"', ['"5"']]) expect(() => parseIfMatch(header)).toThrow(ProblemException);
  });
});
