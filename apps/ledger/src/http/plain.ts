/**
 * A validated DTO as plain data. DTO classes compile to own properties for every declared field
 * (ES2022 class fields), so an optional field the client left out is present as `undefined`;
 * the domain must not see those as values (e.g. a correction to `undefined`).
 */
export function plain<T extends object>(dto: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(dto)) {
    if (value === undefined) continue;
    out[key] = value !== null && typeof value === 'object' && !Array.isArray(value) ? plain(value as object) : value;
  }
  return out as T;
}
