import type { Benchmark, BenchContext, BenchmarkResult, Figure, Goal } from '../lib/types';
import { goal } from '../lib/types';
import { now, quantile, ratio, round } from '../lib/stats';
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

interface RunMeasure {
  appends: number;
  events: number;
  ms: number;
  appendsPerS: number;
  eventsPerS: number;
  p50Ms: number;
  p99Ms: number;
  capped: boolean;
  counters?: Record<string, number>;
}

/** Drives `queues` (one per writer) concurrently; each writer appends in its order. */
async function drive(store: StoreUnderTest, queues: PlannedAppend[][], capMs: number): Promise<RunMeasure> {
  const latencies: number[] = [];
  let events = 0;
  let capped = false;
  const started = now();
  await Promise.all(
    queues.map(async (queue) => {
      for (const a of queue) {
        if (now() - started > capMs) {
          capped = true;
          return;
        }
        const t = now();
        await store.append(a);
        latencies.push(now() - t);
        events += a.events.length;
      }
    }),
  );
  const ms = now() - started;
  return {
    appends: latencies.length,
    events,
    ms: round(ms),
    appendsPerS: round((latencies.length / ms) * 1000),
    eventsPerS: round((events / ms) * 1000),
    p50Ms: round(quantile(latencies, 0.5), 3),
    p99Ms: round(quantile(latencies, 0.99), 3),
    capped,
  };
}

export const appendsBenchmark: Benchmark = {
  id: 'appends',
  title: 'Appends: single events and 100-event batches, sequential and 16 concurrent writers',
  async run(context: BenchContext): Promise<BenchmarkResult> {
    const started = Date.now();
    const { factories, subjects, synchronous, journalMode, settings } = await lineup(context);
    const scenarios: Scenario[] = [
      { key: 'single', label: '1-event appends', eventsPerAppend: 1, appends: context.full ? 20_000 : 2_000, warmup: 100 },
      { key: 'batch100', label: '100-event appends', eventsPerAppend: 100, appends: context.full ? 2_000 : 200, warmup: 10 },
    ];
    const capMs = context.full ? 300_000 : 25_000;
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
        const measures: Record<string, RunMeasure> = {};
        for (const factory of rotate(factories, rotation++)) {
          context.progress(`appends: ${scenario.label}, ${mode}: ${factory.id}`);
          const { store, done } = await freshStore(context, factory, `${scenario.key}-${writers}`);
          try {
            store.prime?.(warmup);
            store.prime?.(plan);
            await drive(store, [warmup], capMs);
            const before = store.counters?.();
            const measure = await drive(store, writers === 1 ? [plan] : byWriter(plan, writers), capMs);
            const after = store.counters?.();
            if (before && after) {
              measure.counters = Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]));
            }
            measures[factory.id] = measure;
          } finally {
            await done();
          }
        }
        const idBase = `appends.${scenario.key}.${writers === 1 ? 'sequential' : `concurrent${writers}`}`;
        const details = Object.fromEntries(Object.entries(measures));
        const rates = (key: 'appendsPerS' | 'eventsPerS') =>
          Object.fromEntries(factories.map((f) => [f.id, measures[f.id]?.[key] ?? null]));
        const ratiosOf = (values: Record<string, number | null>) => {
          const r: Record<string, number | null> = {
            'ours/emmett': ratio(values[oursId], values.emmett),
            'ours/ceiling': ratio(values[oursId], values.ceiling),
          };
          if (values['ours-full'] !== undefined) {
            r['ours-full/emmett'] = ratio(values['ours-full'], values.emmett);
            r['ours-full/ceiling'] = ratio(values['ours-full'], values.ceiling);
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
      `All compared stores run journal_mode=${journalMode}, synchronous=${synchronous} (Emmett sets only WAL; synchronous is SQLite's compiled default).`,
      "Emmett's 16 writers go through one FIFO queue in the bench: emmett-sqlite 0.38.5 shares and closes one connection across concurrent calls, which fails.",
      'The ceiling inserts rows precomputed before timing (ids, hashes, digests); it checks no revision and reads nothing.',
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
      settings: { writers: WRITERS, synchronous, journal_mode: journalMode, per_subject: settings, workloads, cap_ms: capMs, emmett_unqueued_probe: probe },
      notes,
      durationMs: Date.now() - started,
    };
  },
};
