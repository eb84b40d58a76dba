import { round } from './stats';
import type { TempSpace } from './temp';

/**
 * A benchmark module: adding a figure to `npm run bench` is writing one of these and listing it
 * in `bench/benchmarks/index.ts`.
 */
export interface Benchmark {
  /** Stable id, used in the JSON and by `--only`. */
  id: string;
  title: string;
  run(context: BenchContext): Promise<BenchmarkResult>;
}

export interface BenchContext {
  /** `--full`: the large figures. Quick mode must keep the whole run under ~3 minutes on 2 cores. */
  full: boolean;
  /** Seed of every generated data set (`--seed`, default 20240601). */
  seed: number;
  temp: TempSpace;
  /** Progress line on stderr (kept out of the table on stdout). */
  progress(message: string): void;
}

/** Who a figure is measured on: this ledger, a peer, or a ceiling. */
export interface Subject {
  id: string;
  label: string;
  kind: 'ours' | 'peer' | 'ceiling';
  /** Settings it ran with (durability, connection handling...). */
  settings?: Record<string, unknown>;
}

export interface Figure {
  /** Stable id, e.g. `appends.batch100.sequential.events_per_s`. */
  id: string;
  label: string;
  unit: string;
  /** Value per subject id; null when a subject could not run it. */
  values: Record<string, number | null>;
  /** Named ratios, e.g. `ours/emmett`. */
  ratios: Record<string, number | null>;
  /** Higher is better (rates) or lower is better (latencies). */
  better: 'higher' | 'lower';
  /** Anything else worth keeping: latencies, counts, errors. */
  details?: Record<string, unknown>;
}

export interface Goal {
  id: string;
  description: string;
  /** The figure and ratio the goal is read from. */
  figure: string;
  measure: string;
  value: number | null;
  target: number;
  comparison: '>=' | '<=';
  met: boolean;
}

export interface BenchmarkResult {
  id: string;
  title: string;
  subjects: Subject[];
  /** Ratio columns to print, e.g. [['ours/emmett', 'ours ÷ Emmett'], ...]. */
  ratioColumns: [string, string][];
  figures: Figure[];
  goals: Goal[];
  settings: Record<string, unknown>;
  notes: string[];
  durationMs: number;
}

/** A figure measured on this ledger alone (no peer): ms to 2 decimals, everything else whole. */
export const oursFigure = (id: string, label: string, unit: string, value: number, better: 'higher' | 'lower', details?: Record<string, unknown>): Figure => ({
  id,
  label,
  unit,
  values: { ours: round(value, unit === 'ms' ? 2 : 0) },
  ratios: {},
  better,
  ...(details && { details }),
});

export function goal(
  id: string,
  description: string,
  figure: Figure,
  measure: string,
  comparison: '>=' | '<=',
  target: number,
): Goal {
  const value = figure.ratios[measure] ?? figure.values[measure] ?? null;
  const met = value !== null && (comparison === '>=' ? value >= target : value <= target);
  return { id, description, figure: figure.id, measure, value, target, comparison, met };
}
