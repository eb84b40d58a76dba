/** Free text no rule reads: dropped from the states a projection keeps only to ask the rules. */
const FREE_TEXT = new Set(['description', 'requirements', 'evidence', 'grounds', 'basis', 'content', 'title', 'legalBasis', 'compensation', 'newContent']);

/** A domain state without its free text: the same answers from the domain's queries, a fraction of the bytes. */
export function slimState<T>(state: T, keep: ReadonlySet<string> = new Set()): T {
  return strip(state, keep) as T;
}

function strip(value: unknown, keep: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => strip(v, keep));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, FREE_TEXT.has(k) && !keep.has(k) && typeof v === 'string' ? '' : strip(v, keep)]),
  );
}
