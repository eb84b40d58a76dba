/**
 * Unified Social Credit Code (统一社会信用代码, GB 32100-2015), domain.md §2.
 * The alphabet leaves out I, O, S, V, Z; the 18th character is a weighted mod-31 check.
 */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const BODY_PATTERN = /^[0-9A-HJ-NP-RTUW-Y]{17}$/;

/** The check character for the first 17 characters, or undefined if they are not valid. */
export function usccCheckCharacter(first17: string): string | undefined {
  if (!BODY_PATTERN.test(first17)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17[i]) * WEIGHTS[i];
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

export function isValidUscc(code: unknown): code is string {
  if (typeof code !== 'string' || code.length !== 18) return false;
  return usccCheckCharacter(code.slice(0, 17)) === code[17];
}

/** Completes a 17-character body into a valid code; for fixtures and generators. */
export function withUsccCheckCharacter(first17: string): string {
  const check = usccCheckCharacter(first17);
  if (check === undefined) throw new TypeError(`not a USCC body: ${first17}`);
  return first17 + check;
}
