import type { Benchmark, BenchContext, BenchmarkResult, Figure, Goal } from '../lib/types';
import { goal } from '../lib/types';
import { median, now, quantile, ratio, round } from '../lib/stats';
import { byWriter, dataSizeStats, planAppends, PlannedAppend } from '../lib/workload';
import { StoreUnderTest } from '../subjects/subject';
import { probeUnqueuedEmmett } from '../subjects/emmett';
import { freshStore, lineup, rotate } from './common';

const WRITERS = 16;

interface Scenario {
  key: string;
  label: string;
  eventsPerAppend: number;
  appends: number;
  warmup: number;
}

interface RoundMeasure {
  appends: number;
  events: number;
  ms: number;
}

interface RunMeasure {
  rounds: RoundMeasure[];
  appends: number;
  events: number;
  /** Median over rounds. */
  appendsPerS: number;
  eventsPerS: number;
  minAppendsPerS: number;
  maxAppendsPerS: number;
  p50Ms: number;
  p99Ms: number;
  counters?: Record<string, number>;
}

/** Drives `queues` (one per writer) concurrently; each writer appends in its order. */
async function drive(store: StoreUnderTest, queues: PlannedAppend[][], latencies: number[]): Promise<RoundMeasure> {
  let appends = 0;
  let events = 0;
  const started = now();
  await Promise.all(
    queues.map(async (queue) => {
      for (const a of queue) {
        const t = now();
        await store.append(a);
        latencies.push(now() - t);
        appends += 1;
        events += a.events.length;
      }
    }),
  );
  return { appends, events, ms: now() - started };
}

function summarise(rounds: RoundMeasure[], latencies: number[], counters?: Record<string, number>): RunMeasure {
  const rates = rounds.map((r) => (r.appends / r.ms) * 1000);
  const perAppend = rounds[0] ? rounds[0].events / rounds[0].appends : 1;
  const appendsPerS = median(rates);
  return {
    rounds: rounds.map((r) => ({ ...r, ms: round(r.ms, 2) })),
    appends: rounds.reduce((n, r) => n + r.appends, 0),
    events: rounds.reduce((n, r) => n + r.events, 0),
    appendsPerS: round(appendsPerS),
    eventsPerS: round(appendsPerS * perAppend),
    minAppendsPerS: round(Math.min(...rates)),
    maxAppendsPerS: round(Math.max(...rates)),
    p50Ms: round(quantile(latencies, 0.5), 3),
    p99Ms: round(quantile(latencies, 0.99), 3),
    counters,
  };
}

/** Splits the plan into `rounds` consecutive slices (each writer keeps its order across them). */
function slices<T>(plan: T[], rounds: number): T[][] {
  const size = Math.ceil(plan.length / rounds);
  return Array.from({ length: rounds }, (_, r) => plan.slice(r * size, (r + 1) * size)).filter((s) => s.length > 0);
}

export const appendsBenchmark: Benchmark = {
  id: 'appends',
  title: 'Appends: single events and 100-event batches, sequential and 16 concurrent writers',
  async run(context: BenchContext): Promise<BenchmarkResult> {
    const started = Date.now();
    const { factories, subjects, synchronous, journalMode, settings } = await lineup(context);
    const scenarios: Scenario[] = [
      { key: 'single', label: '1-event appends', eventsPerAppend: 1, appends: context.full ? 12_000 : 960, warmup: 64 },
      { key: 'batch100', label: '100-event appends', eventsPerAppend: 100, appends: context.full ? 2_000 : 240, warmup: 16 },
    ];
    const rounds = context.full ? 10 : 8;
    const figures: Figure[] = [];
    const workloads: Record<string, unknown> = {};
    const oursId = 'ours';

    let rotation = 0;
    for (const scenario of scenarios) {
      const plan = planAppends({
        seed: context.seed,
        label: `appends-${scenario.key}`,
        appends: scenario.appends,
        eventsPerAppend: scenario.eventsPerAppend,
        writers: WRITERS,
      });
      const warmup = planAppends({
        seed: context.seed,
        label: `warmup-${scenario.key}`,
        appends: scenario.warmup,
        eventsPerAppend: scenario.eventsPerAppend,
        writers: WRITERS,
      });
      workloads[scenario.key] = { appends: plan.length, streams: new Set(plan.map((a) => a.streamId)).size, ...dataSizeStats(plan) };
      for (const writers of [1, WRITERS]) {
        const mode = writers === 1 ? 'sequential' : `${writers} writers`;
        // One store per subject, driven in interleaved rounds (ours, Emmett, ceiling, ours, ...,
        // order rotating), so load from elsewhere on the machine falls on all of them alike.
        const open: { id: string; store: StoreUnderTest; done: () => Promise<void>; rounds: RoundMeasure[]; latencies: number[]; before?: Record<string, number> }[] = [];
        try {
          for (const factory of factories) {
            const { store, done } = await freshStore(context, factory, `${scenario.key}-${writers}`);
            open.push({ id: factory.id, store, done, rounds: [], latencies: [] });
            store.prime?.(warmup);
            store.prime?.(plan);
            await drive(store, writers === 1 ? [warmup] : byWriter(warmup, writers), []);
          }
          for (const entry of open) entry.before = entry.store.counters?.();
          const parts = slices(plan, rounds);
          for (let r = 0; r < parts.length; r += 1) {
            context.progress(`appends: ${scenario.label}, ${mode}: round ${r + 1}/${parts.length}`);
            for (const entry of rotate(open, rotation++)) {
              entry.rounds.push(await drive(entry.store, writers === 1 ? [parts[r]] : byWriter(parts[r], writers), entry.latencies));
            }
          }
        } finally {
          for (const entry of open) await entry.done();
        }
        const measures: Record<string, RunMeasure> = {};
        for (const entry of open) {
          const after = entry.store.counters?.();
          const counters = after && entry.before ? Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (entry.before![k] ?? 0)])) : undefined;
          measures[entry.id] = summarise(entry.rounds, entry.latencies, counters);
        }
        const idBase = `appends.${scenario.key}.${writers === 1 ? 'sequential' : `concurrent${writers}`}`;
        const details = Object.fromEntries(Object.entries(measures));
        const rates = (key: 'appendsPerS' | 'eventsPerS') =>
          Object.fromEntries(factories.map((f) => [f.id, measures[f.id]?.[key] ?? null]));
        // Ratios of rates are paired: the median over rounds of (ours in round r) ÷ (peer in
        // round r). Rounds run back to back, so both sides of a pair saw the same machine load;
        // on a busy machine this is steadier than dividing the two medians.
        const paired = (a: string, b: string): number | null => {
          const ra = measures[a]?.rounds;
          const rb = measures[b]?.rounds;
          if (!ra || !rb || ra.length === 0 || ra.length !== rb.length) return null;
          return ratio(median(ra.map((x, i) => (x.appends / x.ms) / (rb[i].appends / rb[i].ms))), 1);
        };
        const ratiosOf = (_values: Record<string, number | null>) => {
          const r: Record<string, number | null> = {
            'ours/emmett': paired(oursId, 'emmett'),
            'ours/ceiling': paired(oursId, 'ceiling'),
          };
          if (measures['ours-full']) {
            r['ours-full/emmett'] = paired('ours-full', 'emmett');
            r['ours-full/ceiling'] = paired('ours-full', 'ceiling');
          }
          return r;
        };
        const appendsValues = rates('appendsPerS');
        figures.push({
          id: `${idBase}.appends_per_s`,
          label: `${scenario.label}, ${mode}: appends/s`,
          unit: 'appends/s',
          values: appendsValues,
          ratios: ratiosOf(appendsValues),
          better: 'higher',
          details,
        });
        if (scenario.eventsPerAppend > 1) {
          const eventValues = rates('eventsPerS');
          figures.push({
            id: `${idBase}.events_per_s`,
            label: `${scenario.label}, ${mode}: events/s`,
            unit: 'events/s',
            values: eventValues,
            ratios: ratiosOf(eventValues),
            better: 'higher',
          });
        }
        const p99 = Object.fromEntries(factories.map((f) => [f.id, measures[f.id]?.p99Ms ?? null]));
        figures.push({
          id: `${idBase}.p99_ms`,
          label: `${scenario.label}, ${mode}: p99 latency per append`,
          unit: 'ms',
          values: p99,
          ratios: { 'ours/emmett': ratio(p99[oursId], p99.emmett), 'ours/ceiling': ratio(p99[oursId], p99.ceiling) },
          better: 'lower',
        });
      }
    }

    const notes: string[] = [];
    let probe: unknown = null;
    if (context.full) {
      context.progress('appends: probing Emmett with 16 unqueued concurrent writers');
      const dir = context.temp.dir('emmett-probe');
      const probePlan = planAppends({ seed: context.seed, label: 'emmett-probe', appends: 64, eventsPerAppend: 1, writers: WRITERS });
      probe = await probeUnqueuedEmmett(dir, byWriter(probePlan, WRITERS));
      context.temp.discard(dir);
      notes.push(`Emmett without the bench's queue, 16 writers x 4 appends on one store: ${JSON.stringify(probe)}`);
    }
    notes.push(
      `Rates are medians over ${rounds} interleaved rounds (the stores take turns, order rotating); ratios of rates are medians of the per-round ratios.`,
      `All compared stores run journal_mode=${journalMode}, synchronous=${synchronous} (Emmett sets only WAL; synchronous is SQLite's compiled default).`,
      "Emmett's 16 writers go through one FIFO queue in the bench: emmett-sqlite 0.38.5 shares and closes one connection across concurrent calls, which fails.",
      'The ceiling inserts rows precomputed before timing (ids, hashes, digests) with the store\'s own INSERTs and connection settings; it checks no revision and reads nothing, and commits every append on its own.',
      'With 16 writers the ledger commits the appends that queue up behind a running transaction together (a savepoint each), so it can pass the one-transaction-per-append ceiling there.',
    );

    const byId = (id: string) => figures.find((f) => f.id === id)!;
    const goals: Goal[] = [];
    for (const mode of ['sequential', `concurrent${WRITERS}`]) {
      const figure = byId(`appends.batch100.${mode}.events_per_s`);
      goals.push(goal(`appends.batch100.${mode}.vs_emmett`, `100-event appends (${mode}) ≥ 1.5× Emmett`, figure, 'ours/emmett', '>=', 1.5));
      goals.push(goal(`appends.batch100.${mode}.vs_ceiling`, `100-event appends (${mode}) ≥ 50% of the ceiling`, figure, 'ours/ceiling', '>=', 0.5));
    }

    return {
      id: 'appends',
      title: this.title,
      subjects,
      ratioColumns: [
        ['ours/emmett', 'ours ÷ Emmett'],
        ['ours/ceiling', 'ours ÷ ceiling'],
      ],
      figures,
      goals,
      settings: { writers: WRITERS, synchronous, journal_mode: journalMode, per_subject: settings, workloads, rounds, aggregation: 'median of interleaved rounds', emmett_unqueued_probe: probe },
      notes,
      durationMs: Date.now() - started,
    };
  },
};
