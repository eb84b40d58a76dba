/** One difference between two states: a path into the state and its value before and after. */
export interface StateChange {
  /** e.g. `listing.delisted.reason`, `orders[0].lapsedOn`; empty for the whole state. */
  path: string;
  /** Absent when the path did not exist before. */
  before?: unknown;
  /** Absent when the path no longer exists. */
  after?: unknown;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

/**
 * The leaf-level differences between two JSON-like states. The deciders' `evolve` copies only
 * what an event changes and shares the rest, so identical references are skipped without
 * descending: a diff costs what the event changed, not the size of the state.
 */
export function diffState(before: unknown, after: unknown, path = '', changes: StateChange[] = []): StateChange[] {
  if (before === after) return changes;
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const key of Object.keys(before)) {
      if (!(key in after) || after[key] === undefined) {
        if (before[key] !== undefined) changes.push({ path: join(path, key), before: before[key] });
      } else {
        diffState(before[key], after[key], join(path, key), changes);
      }
    }
    for (const key of Object.keys(after)) {
      if (after[key] !== undefined && (!(key in before) || before[key] === undefined)) {
        changes.push({ path: join(path, key), after: after[key] });
      }
    }
    return changes;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const shared = Math.min(before.length, after.length);
    for (let i = 0; i < shared; i += 1) diffState(before[i], after[i], `${path}[${i}]`, changes);
    for (let i = shared; i < before.length; i += 1) changes.push({ path: `${path}[${i}]`, before: before[i] });
    for (let i = shared; i < after.length; i += 1) changes.push({ path: `${path}[${i}]`, after: after[i] });
    return changes;
  }
  if (before === undefined) changes.push({ path, after });
  else if (after === undefined) changes.push({ path, before });
  else changes.push({ path, before, after });
  return changes;
}
