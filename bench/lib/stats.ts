import { performance } from 'node:perf_hooks';

export const now = (): number => performance.now();

/** The q-quantile (0..1) of `values` (sorted in place), nearest-rank. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  values.sort((a, b) => a - b);
  const index = Math.min(values.length - 1, Math.max(0, Math.ceil(q * values.length) - 1));
  return values[index];
}

export function median(values: number[]): number {
  return quantile([...values], 0.5);
}

/** Rounds for the JSON: 3 significant decimals is plenty for rates measured in one run. */
export function round(value: number, digits = 1): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return null;
  return Math.round((a / b) * 1000) / 1000;
}
