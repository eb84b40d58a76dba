import { USCC_ALPHABET, isValidUscc, usccCheckCharacter, withUsccCheckCharacter } from './uscc';

describe('USCC (GB 32100-2015)', () => {
  it('accepts a published code whose check character matches', () => {
    // 91350100M000100Y43 is the GB 32100 worked example.
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
  });

  it('rejects a code whose check character is wrong', () => {
    expect(isValidUscc('91350100M000100Y44')).toBe(false);
  });

  it('computes the check as (31 − Σ index·weight mod 31) mod 31', () => {
    expect(usccCheckCharacter('91350100M000100Y4')).toBe('3');
  });

  it.each(['I', 'O', 'S', 'V', 'Z'])('rejects the letter %s, which the alphabet leaves out', (letter) => {
    const body = `91350100M000100Y${letter}`;
    expect(usccCheckCharacter(body)).toBeUndefined();
    for (const check of USCC_ALPHABET) expect(isValidUscc(body + check)).toBe(false);
  });

  it('rejects wrong lengths, lower case and non-strings', () => {
    expect(isValidUscc('91350100M000100Y4')).toBe(false);
    expect(isValidUscc('91350100m000100y43')).toBe(false);
    expect(isValidUscc(913501)).toBe(false);
  });

  it('completes a body into a valid code, and every other check character fails', () => {
    const code = withUsccCheckCharacter('11370100MB2850123');
    expect(isValidUscc(code)).toBe(true);
    const others = [...USCC_ALPHABET].filter((c) => c !== code[17]);
    for (const c of others) expect(isValidUscc(code.slice(0, 17) + c)).toBe(false);
  });
});
