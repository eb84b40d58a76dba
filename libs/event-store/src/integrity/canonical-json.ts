import canonicalizeJcs from 'canonicalize';

/** RFC 8785 (JCS) canonical JSON: the one byte form every hash in the ledger is computed over. */
export function canonicalJson(value: unknown): string {
  const text = canonicalizeJcs(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return text;
}
