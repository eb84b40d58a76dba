import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import {
  ArchiveSourcesReader,
  GetDishonestListHandler,
  GetDishonestListQuery,
  GetInstitutionArchiveHandler,
  GetInstitutionArchiveQuery,
  loadLedgerConfig,
  ManualClock,
  ProjectionStatusService,
  ReadSide,
} from '@app/application';
import { currentSchemaVersion, decideInstitution, evolveInstitution, initialInstitutionState, InstitutionEvent, InstitutionState, withUsccCheckCharacter } from '@app/domain';
import { Clock, EventLedger, EventStore, NewEvent, SqliteEventStore } from '@app/event-store';
import { openReadStore, ProjectionRunner, readSideProjectors } from '@app/read-model';
import { INTENT_KINDS, Intent, LedgerScenario, ScenarioEvent } from '@app/read-model/workload/ledger-scenario';
import { rebuildInChild } from '../lib/rebuild-child';
import { Rng } from '../lib/rng';
import { now, quantile, ratio, round } from '../lib/stats';
import type { Benchmark, BenchContext, BenchmarkResult, Figure, Subject } from '../lib/types';
import { goal } from '../lib/types';

/**
 * Issue 7 item 6, growth: how append latency, rebuild rate and list-query latency change as one
 * log grows (10k → 100k → 1M events under --full), i.e. the shape of the cost.
 */

const TODAY = '2026-11-22';
/**
 * The sizes each mode measures. Quick adds about 20 s on an idle 2-core machine (30 s at load 8);
 * if `npm run bench` outgrows its 3 minutes, [10_000, 20_000] halves the growing and rebuilding.
 */
const LADDERS = { quick: [10_000, 30_000], full: [10_000, 100_000, 1_000_000] };
/** One institution per 10 events, as in the rebuild benchmark's log: 100,000 at 1,000,000 events. */
const EVENTS_PER_INSTITUTION = 10;
/** The scenario's institutions: enough for the largest ladder, so every mode grows the same log. */
const MAX_INSTITUTIONS = 100_000;
/** The rebuild benchmark's mix: the record lifecycle comes up more often than the rest. */
const KINDS: Intent['kind'][] = [...INTENT_KINDS, 'record', 'record', 'record', 'order', 'order', 'order', 'lapse', 'lapse', 'report', 'review', 'objection', 'decideObjection', 'check', 'check'];
/** Appends in flight while the log is grown (the store commits the ones that queue up together). */
const IN_FLIGHT = 512;
const ACTOR = { sub: 'bench', role: 'credit-office' };

const sizeName = (n: number): string => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1_000}k`);

/** recordedAt advances 10 ms per append from 02:00Z on TODAY: every instant distinct, all on TODAY in China. */
class AppendClock implements Clock {
  private t = Date.parse(`${TODAY}T02:00:00.000Z`);
  now(): Date {
    this.t += 10;
    return new Date(this.t);
  }
}

interface Latencies {
  p50: number;
  p99: number;
  max: number;
  n: number;
}

const summary = (samples: number[]): Latencies => ({
  p50: round(quantile([...samples], 0.5), 3),
  p99: round(quantile([...samples], 0.99), 3),
  max: round(Math.max(...samples), 3),
  n: samples.length,
});

const cpuMs = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return round((used.user + used.system) / 1000);
};

/**
 * One log grown step by step through the domain: a LedgerScenario (the rebuild benchmark's
 * generator: domain commands decided by the deciders on the streams' states, refused ones
 * skipped) whose events go through EventLedger into one SqliteEventStore.
 *
 * While growing, up to IN_FLIGHT appends are in flight, but each is issued in the scenario's
 * order and only when its stream has none in flight (otherwise everything in flight is awaited
 * first), with every stream tip in EventLedger's cache: appends reach the store in the order they
 * were issued, so positions and recordedAt are the same on every run with the same seed.
 */
class GrowingLog {
  readonly ledger: EventLedger;
  /** The EventStore the ledger (and the rebuild) use: the store currently open on the log's file. */
  readonly store: EventStore;
  private current: SqliteEventStore | undefined;
  private synchronous: 'OFF' | 'FULL' | undefined;
  readonly scenario: LedgerScenario;
  private readonly rng: Rng;
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private registered = 0;
  private commands = 0;
  private extraEvents = 0;
  private batches = 0;
  /** Times everything in flight was awaited because the next append's stream had one in flight. */
  drains = 0;
  /** While measuring: each append awaited and timed (ms, with its event count). */
  private timed: { events: number; ms: number }[] | null = null;

  constructor(
    private readonly filename: string,
    seed: number,
  ) {
    // Growing runs at synchronous=OFF (as the rebuild benchmark builds its log), the measured
    // appends at FULL: the file is reopened between them, under one ledger (tips stay cached).
    const open = () => {
      if (!this.current) throw new Error('growth: the event store is not open');
      return this.current;
    };
    this.store = new Proxy({} as EventStore, {
      get: (_target, key) => {
        const store = open();
        const value = (store as unknown as Record<string | symbol, unknown>)[key];
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(store) : value;
      },
    });
    this.ledger = new EventLedger(this.store, new AppendClock(), { tipCacheSize: 4_000_000 });
    this.rng = Rng.derive(seed, 'growth-log');
    this.scenario = new LedgerScenario((streamId, events, expected) => this.sink(streamId, events, expected), TODAY, 'g', MAX_INSTITUTIONS, 300);
  }

  /** (Re)opens the log's file at `synchronous` (after every append in flight is done). */
  async open(synchronous: 'OFF' | 'FULL'): Promise<void> {
    if (this.synchronous === synchronous) return;
    await this.close();
    this.current = await SqliteEventStore.open({ filename: this.filename, synchronous });
    this.synchronous = synchronous;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.current?.close();
    this.current = undefined;
    this.synchronous = undefined;
  }

  /** Events issued so far (appended once `flush()` resolves). */
  get events(): number {
    return this.scenario.events + this.extraEvents;
  }

  private async sink(streamId: string, events: NewEvent[], expected: number | 'no_stream'): Promise<void> {
    this.commands += 1;
    const context = { commandId: `growth-${this.commands}`, actor: ACTOR };
    if (this.timed) {
      const t = now();
      await this.ledger.append(streamId, events, expected, context);
      this.timed.push({ events: events.length, ms: now() - t });
      return;
    }
    if (this.inFlight.has(streamId)) {
      this.drains += 1;
      await this.flush();
    }
    const append = this.ledger.append(streamId, events, expected, context);
    this.inFlight.set(streamId, append);
    const done = () => {
      if (this.inFlight.get(streamId) === append) this.inFlight.delete(streamId);
    };
    void append.then(done, done);
    if (this.inFlight.size >= IN_FLIGHT) await Promise.race(this.inFlight.values());
  }

  /** Awaits every append in flight (and surfaces a failed one). */
  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight.values()]);
  }

  /**
   * Grows the log to `target` events: registers the institutions that keep one per
   * EVENTS_PER_INSTITUTION events (with a principal leader each), then runs the rebuild
   * benchmark's mix of intents.
   */
  async growTo(target: number, progress: (events: number) => void): Promise<void> {
    const institutions = Math.min(MAX_INSTITUTIONS, Math.ceil(target / EVENTS_PER_INSTITUTION));
    const from = this.registered;
    for (let i = from; i < institutions; i += 1) await this.scenario.step({ kind: 'institution', a: i, b: this.rng.int(0, 1e6), flag: false });
    for (let i = from; i < institutions; i += 1) await this.scenario.step({ kind: 'leader', a: i, b: this.rng.int(0, 1e6), flag: false });
    this.registered = institutions;
    let reported = this.events;
    while (this.events < target) {
      await this.scenario.step({ kind: KINDS[this.rng.int(0, KINDS.length - 1)], a: this.rng.int(0, 1e6), b: this.rng.int(0, 1e6), flag: this.rng.next() < 0.5 });
      if (this.events - reported >= 50_000) {
        reported = this.events;
        progress(this.events);
      }
    }
    await this.flush();
  }

  /** `count` credit checks (one CreditCheckPerformed each), each append awaited and timed. */
  async timedChecks(count: number): Promise<{ events: number; ms: number }[]> {
    await this.flush();
    this.timed = [];
    try {
      let steps = 0;
      while (this.timed.length < count && steps < count * 10) {
        steps += 1;
        await this.scenario.step({ kind: 'check', a: this.rng.int(0, 1e6), b: this.rng.int(0, 1e6), flag: false });
      }
      return this.timed;
    } finally {
      this.timed = null;
    }
  }

  /**
   * `count` 100-event appends, each awaited and timed: an institution registered together with
   * 99 officials, decided one after another by the institution decider on the stream's state
   * and appended in one EventLedger append (the domain has no command of 100 events; this is
   * the one stream where 100 valid events follow each other at once).
   */
  async timedBatches(count: number): Promise<number[]> {
    await this.flush();
    const samples: number[] = [];
    for (let n = 0; n < count; n += 1) {
      this.batches += 1;
      const k = this.batches;
      const uscc = withUsccCheckCharacter(`1237${String(1000 + (k % 9000)).padStart(4, '0')}MC${String(k).padStart(7, '0')}`);
      let state: InstitutionState = initialInstitutionState();
      const decided: InstitutionEvent[] = [];
      const decide = (events: InstitutionEvent[]) => {
        decided.push(...events);
        state = events.reduce(evolveInstitution, state);
      };
      decide(decideInstitution({ type: 'RegisterInstitution', data: { uscc, name: `机构批量${k}`, kind: 'PUBLIC_INSTITUTION', regionCode: '370102' } }, state));
      for (let j = 1; decided.length < 100; j += 1) {
        decide(decideInstitution({ type: 'RegisterOfficial', data: { personId: `gb-${k}-${j}`, name: `干部${j}`, institutionUscc: uscc, post: '科员' } }, state));
      }
      const events: ScenarioEvent[] = decided.map((e) => ({ type: e.type, data: e.data as unknown as Record<string, unknown>, schemaVersion: currentSchemaVersion(e.type) }));
      const t = now();
      await this.ledger.append(`institution-${uscc}`, events, 'no_stream', { commandId: `growth-batch-${k}`, actor: ACTOR });
      samples.push(now() - t);
      this.extraEvents += events.length;
    }
    return samples;
  }
}

/** The read side the HTTP API reads at one size: its handlers over the rebuilt read store. */
interface SizeReadSide {
  readStore: DataSource;
  list: GetDishonestListHandler;
  archive: GetInstitutionArchiveHandler;
  /** Instants recorded around the middle of the log, for `knownAt`. */
  knownAt: string[];
  /** Instants recorded within the last 1,000 events of the log (the rebuild benchmark's past). */
  knownAtRecent: string[];
  archiveTargets: string[];
  listed: number;
}

type QueryKind = 'list' | 'knownAt' | 'knownAtRecent' | 'archive';
const QUERY_KINDS: QueryKind[] = ['list', 'knownAt', 'knownAtRecent', 'archive'];

interface Step {
  target: number;
  name: string;
  head: number;
  logDigest: string;
  grow: { events: number; ms: number; cpuMs: number; drains: number };
  /** Measured in the rebuild's own process (bench/lib/rebuild-child.ts). */
  rebuild: { events: number; ms: number; readMs: number; cpuMs: number; processMs: number; heapUsedMiB: number };
  single: Latencies;
  batch100: Latencies;
  appendCpuMs: number;
  load: number[];
  queries: Record<QueryKind, number[]>;
  listed: number;
}

export const growthBenchmark: Benchmark = {
  id: 'growth',
  title: 'Growth: append latency, rebuild rate and list queries as one log grows',
  async run(context: BenchContext): Promise<BenchmarkResult> {
    const started = Date.now();
    const ladder = context.full ? LADDERS.full : LADDERS.quick;
    const singles = context.full ? 1000 : 200;
    const batches = context.full ? 100 : 20;
    const queriesPerKind = context.full ? 1000 : 200;
    const dir = context.temp.dir('growth');
    const log = new GrowingLog(join(dir, 'events.sqlite'), context.seed);
    const store = log.store;
    const clock = new ManualClock(`${TODAY}T15:00:00+08:00`);
    const config = { ...loadLedgerConfig({}), runProjectors: false };
    const steps: Step[] = [];
    const readSides: SizeReadSide[] = [];
    try {
      for (const target of ladder) {
        const name = sizeName(target);
        context.progress(`growth: growing the log to ${target} events`);
        const before = log.events;
        const drains = log.drains;
        await log.open('OFF');
        let cpu = process.cpuUsage();
        let t = now();
        await log.growTo(target, (events) => context.progress(`growth: ${events} events`));
        const grow = { events: log.events - before, ms: round(now() - t), cpuMs: cpuMs(cpu), drains: log.drains - drains };
        context.progress(`growth: ${name}: grown by ${grow.events} events in ${grow.ms} ms (${grow.cpuMs} ms CPU, ${grow.drains} drains)`);
        const head = await store.headPosition();
        // The rolling log digest at the head: the same on every run with this seed.
        const [last] = await store.readAll({ fromPosition: head - 1, limit: 1 });
        const logDigest = last?.logDigest ?? String(last?.metadata.hash);

        // A from-scratch rebuild of every read model, as the rebuild benchmark runs it: in a
        // process of its own, as `ledger rebuild` runs (this process holds the scenario's and the
        // tip cache's state; rebuilding next to that heap doubled the rebuild's CPU). The log is
        // closed first (every append awaited and committed) and reopened after.
        context.progress(`growth: ${name}: rebuilding ${head} events into ${readSideProjectors().length} read models (own process)`);
        const readFile = join(dir, `read-model-${name}.sqlite`);
        await log.close();
        const child = await rebuildInChild({ logFile: join(dir, 'events.sqlite'), readFile });
        if (child.position !== head) throw new Error(`growth: the rebuild reached position ${child.position}, the log's head is ${head}`);
        const rebuild = { events: child.events, ms: round(child.ms), readMs: round(child.readMs), cpuMs: round(child.cpuMs), processMs: round(child.processMs), heapUsedMiB: round(child.heapUsedMiB) };
        await log.open('FULL');
        const readStore = await openReadStore({ kind: 'sqlite', filename: readFile });
        context.progress(`growth: ${name}: rebuilt in ${rebuild.ms} ms (${rebuild.cpuMs} ms CPU)`);

        // What the API reads at this size: the handlers over this read store (an API replica
        // whose projectors run elsewhere: its position comes from the checkpoints table).
        const runner = new ProjectionRunner(store, readStore, readSideProjectors(), { log: () => undefined, error: () => undefined });
        const readSide = new ReadSide(readStore, new ProjectionStatusService(config, runner, readStore), clock);
        const list = new GetDishonestListHandler(readSide);
        const archive = new GetInstitutionArchiveHandler(readSide, new ArchiveSourcesReader(readStore, store));
        const instantAt = async (position: number) => String((await store.readAll({ fromPosition: position - 1, limit: 1 }))[0].metadata.recordedAt);
        const knownAt: string[] = [];
        const knownAtRecent: string[] = [];
        for (let k = 0; k < 20; k += 1) {
          knownAt.push(await instantAt(Math.floor(head * (0.45 + k * 0.005))));
          knownAtRecent.push(await instantAt(head - 1 - k * 50));
        }
        const firstPages = await list.execute(new GetDishonestListQuery({}, { page: 1, pageSize: 100 }));
        const archiveTargets = [...new Set(firstPages.items.map((item) => item.uscc))].slice(0, 50);
        if (archiveTargets.length === 0) throw new Error(`growth: nobody is listed at ${head} events`);
        readSides.push({ readStore, list, archive, knownAt, knownAtRecent, archiveTargets, listed: firstPages.total });

        // Appends into the grown log: synchronous=FULL, one at a time, each timed.
        context.progress(`growth: ${name}: ${singles} single-event and ${batches} 100-event appends`);
        await log.open('FULL');
        cpu = process.cpuUsage();
        await log.timedChecks(10);
        await log.timedBatches(3);
        const checks = await log.timedChecks(singles);
        const batch = await log.timedBatches(batches);
        const appendCpuMs = cpuMs(cpu);
        const single = checks.filter((c) => c.events === 1).map((c) => c.ms);
        steps.push({
          target,
          name,
          head,
          logDigest,
          grow,
          rebuild,
          single: summary(single),
          batch100: summary(batch),
          appendCpuMs,
          load: loadavg().map((l) => round(l, 2)),
          queries: { list: [], knownAt: [], knownAtRecent: [], archive: [] },
          listed: firstPages.total,
        });
      }

      // The list queries of every size interleaved query by query (sizes taking turns, order
      // rotating), so load from elsewhere on the machine falls on all sizes alike.
      const pages = Math.max(1, Math.min(20, Math.floor(Math.min(...readSides.map((r) => r.listed)) / 50)));
      const query = {
        list: (r: SizeReadSide, i: number) => r.list.execute(new GetDishonestListQuery({}, { page: 1 + (i % pages), pageSize: 50 })),
        knownAt: (r: SizeReadSide, i: number) => r.list.execute(new GetDishonestListQuery({ knownAt: r.knownAt[i % r.knownAt.length] }, { page: 1 + (i % pages), pageSize: 50 })),
        knownAtRecent: (r: SizeReadSide, i: number) => r.list.execute(new GetDishonestListQuery({ knownAt: r.knownAtRecent[i % r.knownAtRecent.length] }, { page: 1 + (i % pages), pageSize: 50 })),
        archive: (r: SizeReadSide, i: number) => r.archive.execute(new GetInstitutionArchiveQuery(r.archiveTargets[i % r.archiveTargets.length])),
      };
      const queryCpu = process.cpuUsage();
      for (let s = 0; s < steps.length; s += 1) {
        for (const kind of QUERY_KINDS) for (let i = 0; i < 20; i += 1) await query[kind](readSides[s], i);
      }
      for (let i = 0; i < queriesPerKind; i += 1) {
        if (i % Math.ceil(queriesPerKind / 4) === 0) context.progress(`growth: list queries ${i}/${queriesPerKind} per kind and size`);
        for (let k = 0; k < steps.length; k += 1) {
          const s = (k + i) % steps.length;
          for (const kind of QUERY_KINDS) {
            const t = now();
            await query[kind](readSides[s], i);
            steps[s].queries[kind].push(now() - t);
          }
        }
      }
      const queryCpuMs = cpuMs(queryCpu);

      return report(this.title, context, steps, { singles, batches, queriesPerKind, pages, queryCpuMs, durationMs: Date.now() - started });
    } finally {
      for (const r of readSides) await r.readStore.destroy().catch(() => undefined);
      await log.close().catch(() => undefined);
      context.temp.discard(dir);
    }
  },
};

function report(
  title: string,
  context: BenchContext,
  steps: Step[],
  run: { singles: number; batches: number; queriesPerKind: number; pages: number; queryCpuMs: number; durationMs: number },
): BenchmarkResult {
  const base = steps[0];
  const largest = steps[steps.length - 1];
  const subjects: Subject[] = steps.map((s) => ({
    id: s.name,
    label: `the log at ${s.head.toLocaleString('en-US')} events (${s.listed.toLocaleString('en-US')} institutions listed)`,
    kind: 'ours',
  }));
  const ratioKeys = steps.slice(1).map((s) => `${s.name}/${base.name}`);
  const ratioColumns: [string, string][] = steps.slice(1).map((s) => [`${s.name}/${base.name}`, `${s.name} ÷ ${base.name}`]);
  const row = (id: string, label: string, unit: string, better: 'higher' | 'lower', value: (s: Step) => number, details?: (s: Step) => unknown): Figure => {
    const values = Object.fromEntries(steps.map((s) => [s.name, round(value(s), unit === 'ms' ? 3 : 0)]));
    return {
      id: `growth.${id}`,
      label,
      unit,
      values,
      ratios: Object.fromEntries(steps.slice(1).map((s, i) => [ratioKeys[i], ratio(values[s.name], values[base.name])])),
      better,
      ...(details && { details: Object.fromEntries(steps.map((s) => [s.name, details(s)])) }),
    };
  };
  const q = (s: Step, kind: keyof Step['queries']) => summary(s.queries[kind]);
  const figures: Figure[] = [
    row('append.single.p50_ms', '1-event append (credit check), synchronous=FULL: p50 (ms)', 'ms', 'lower', (s) => s.single.p50, (s) => ({ ...s.single, cpu_ms_all_appends: s.appendCpuMs, loadavg: s.load })),
    row('append.single.p99_ms', '1-event append: p99 (ms)', 'ms', 'lower', (s) => s.single.p99),
    row('append.batch100.p50_ms', '100-event append (institution + 99 officials): p50 (ms)', 'ms', 'lower', (s) => s.batch100.p50, (s) => s.batch100),
    row('append.batch100.p99_ms', '100-event append: p99 (ms)', 'ms', 'lower', (s) => s.batch100.p99),
    row('rebuild.events_per_s', 'full rebuild into the 10 SQLite read models: events/s', 'events/s', 'higher', (s) => (s.rebuild.events / s.rebuild.ms) * 1000, (s) => ({
      events: s.rebuild.events,
      ms: s.rebuild.ms,
      // Waiting for the next page of the log (read ahead while the batch before is applied).
      read_log_wait_ms: s.rebuild.readMs,
      cpuMs: s.rebuild.cpuMs,
      own_process: true,
      process_ms: s.rebuild.processMs,
      heap_used_mib: s.rebuild.heapUsedMiB,
      events_per_cpu_s: round((s.rebuild.events / Math.max(1, s.rebuild.cpuMs)) * 1000),
    })),
    row('lists.dishonest.p50_ms', 'dishonest list, page of 50 with total: p50 (ms)', 'ms', 'lower', (s) => q(s, 'list').p50, (s) => q(s, 'list')),
    row('lists.dishonest.p99_ms', 'dishonest list: p99 (ms)', 'ms', 'lower', (s) => q(s, 'list').p99),
    row('lists.known_at.p50_ms', 'dishonest list as known halfway through the log (knownAt): p50 (ms)', 'ms', 'lower', (s) => q(s, 'knownAt').p50, (s) => q(s, 'knownAt')),
    row('lists.known_at.p99_ms', 'dishonest list, knownAt halfway: p99 (ms)', 'ms', 'lower', (s) => q(s, 'knownAt').p99),
    row('lists.known_at_recent.p50_ms', 'dishonest list as known 1,000 events ago (knownAt): p50 (ms)', 'ms', 'lower', (s) => q(s, 'knownAtRecent').p50, (s) => q(s, 'knownAtRecent')),
    row('lists.known_at_recent.p99_ms', 'dishonest list, knownAt 1,000 events ago: p99 (ms)', 'ms', 'lower', (s) => q(s, 'knownAtRecent').p99),
    row('archive.p50_ms', 'archive of a listed institution: p50 (ms)', 'ms', 'lower', (s) => q(s, 'archive').p50, (s) => q(s, 'archive')),
    row('archive.p99_ms', 'archive: p99 (ms)', 'ms', 'lower', (s) => q(s, 'archive').p99),
    row('grow.events_per_s', 'growing the log to this size through the deciders and EventLedger: events/s', 'events/s', 'higher', (s) => (s.grow.events / s.grow.ms) * 1000, (s) => s.grow),
  ];
  // The goal reads the worst of the four queries' own p99 ratios (not the ratio of the worst p99s).
  const p99Rows = ['lists.dishonest.p99_ms', 'lists.known_at.p99_ms', 'lists.known_at_recent.p99_ms', 'archive.p99_ms'].map((id) => figures.find((f) => f.id === `growth.${id}`)!);
  const worst: Figure = {
    id: 'growth.lists.worst_p99_ms',
    label: 'list queries: worst of the four p99s (ms); ratio: worst of the four p99 ratios',
    unit: 'ms',
    values: Object.fromEntries(steps.map((s) => [s.name, Math.max(...p99Rows.map((f) => f.values[s.name] ?? 0))])),
    ratios: Object.fromEntries(ratioKeys.map((k) => [k, Math.max(...p99Rows.map((f) => f.ratios[k] ?? Number.POSITIVE_INFINITY))])),
    better: 'lower',
  };
  figures.splice(figures.length - 1, 0, worst);
  const largestKey = `${largest.name}/${base.name}`;
  return {
    id: 'growth',
    title: `${title} (${steps.map((s) => s.name).join(' → ')})`,
    subjects,
    ratioColumns,
    figures,
    goals: [goal('growth.lists.flat', `list queries within 2× from ${base.name} to ${largest.name} events (p99)`, worst, largestKey, '<=', 2)],
    settings: {
      ladder: steps.map((s) => s.target),
      heads: steps.map((s) => s.head),
      log_digests: steps.map((s) => s.logDigest),
      mode_sizes: LADDERS,
      seed: context.seed,
      events_per_institution: EVENTS_PER_INSTITUTION,
      in_flight_while_growing: IN_FLIGHT,
      single_appends_per_size: run.singles,
      batch100_appends_per_size: run.batches,
      queries_per_kind_per_size: run.queriesPerKind,
      query_order: 'interleaved query by query: for each i, every size (order rotating) runs its dishonest list, both knownAt lists and the archive query',
      list_pages_cycled: run.pages,
      query_cpu_ms: run.queryCpuMs,
      event_store: 'SqliteEventStore, journal_mode=WAL; synchronous=OFF while growing, FULL for the measured appends (the file reopened between them)',
      read_store: 'openReadStore sqlite (the service read store), one per size, rebuilt from scratch',
    },
    notes: [
      `Quick mode grows the log ${LADDERS.quick.map(sizeName).join(' → ')} events; --full grows it ${LADDERS.full.map(sizeName).join(' → ')}. One log is grown step by step (appending, never regenerating) by the rebuild benchmark's generator (LedgerScenario: domain commands decided by the deciders, refused ones skipped) through EventLedger, deterministic from the seed; one institution per ${EVENTS_PER_INSTITUTION} events.`,
      'Ratio columns: the figure at that size ÷ the figure at the smallest size (for latencies above 1× is slower; for rates below 1× is slower).',
      `At each size: a from-scratch rebuild of every read model (rebuildProjections, as the rebuild benchmark) in a process of its own, as ledger rebuild runs in production (bench/lib/rebuild-child.ts, forked with the log closed, every append committed; not next to this process's generator state and tip cache, whose heap doubled the rebuild's CPU), then ${run.singles} credit checks (1 event) and ${run.batches} 100-event appends into the grown log, one at a time, the store reopened at synchronous=FULL (the log is grown at OFF, as the rebuild benchmark builds its log; the measured appends stay in the log, so the next size starts a little further on).`,
      `List queries run through the HTTP API's query handlers (GetDishonestListHandler, GetInstitutionArchiveHandler) on each size's read store, after the last size is built: ${run.queriesPerKind} of each per size, interleaved query by query (sizes taking turns, order rotating), so load elsewhere falls on all sizes alike. Pages cycle over the first ${run.pages} of 50 (those that exist at every size); knownAt cycles over 20 instants recorded between 45% and 55% of that size's log (halfway) or within its last 1,000 events (the rebuild benchmark's past position); archives cycle over the institutions on the first list page.`,
      `The machine is shared: wall figures include waiting for a core. CPU time is in details (rebuild events per CPU-second of the rebuild's own process, its process_ms from fork to exit and heap_used_mib; cpu_ms of the appends; the query phase used ${run.queryCpuMs} ms CPU), with the load average at each size.`,
    ],
    durationMs: run.durationMs,
  };
}
