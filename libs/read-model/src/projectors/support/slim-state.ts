/** Free text no rule reads: dropped from the states a projection keeps only to ask the rules. */
export const FREE_TEXT: ReadonlySet<string> = new Set([
  'description',
  'requirements',
  'evidence',
  'grounds',
  'basis',
  'content',
  'title',
  'legalBasis',
  'compensation',
  'newContent',
]);

/**
 * A domain state as JSON without its free text (each such string member, at any depth, kept as
 * ''): the same answers from the domain's queries, a fraction of the bytes. Done by the
 * serialiser itself, so no stripped copy of the state is built first.
 */
export function slimStateJson(state: unknown, keep: ReadonlySet<string> = new Set()): string {
  return JSON.stringify(state, (key, value: unknown) => (typeof value === 'string' && FREE_TEXT.has(key) && !keep.has(key) ? '' : value));
}
