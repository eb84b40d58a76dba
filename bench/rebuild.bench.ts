import { csvLine, EXPORT_FIELDS, exportRow } from '@app/application';
import {
  decideInstitution,
  decideRecord,
  evolveInstitution,
  evolveRecord,
  initialInstitutionState,
  initialRecordState,
  InstitutionState,
  RecordEvent,
  withUsccCheckCharacter,
} from '@app/domain';
import { EventLedger, EventStore, SqliteEventStore, StoredEvent } from '@app/event-store';
import {
  ArchiveProjector,
  AwardBansProjector,
  DishonestListProjector,
  openReadStore,
  PublicRecordsProjector,
  publicRecordPages,
  queryAwardBans,
  queryDishonestList,
  queryPublicRecords,
  readSideProjectors,
  rebuildProjections,
  rebuildWorkerGroups,
  Sql,
} from '@app/read-model';
import { INTENT_KINDS, Intent, LedgerScenario } from '@app/read-model/workload/ledger-scenario';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { rebuildInChild } from './lib/rebuild-child';
import { Rng } from './lib/rng';
import { now, quantile, round } from './lib/stats';
import type { Benchmark, BenchContext, BenchmarkResult } from './lib/types';
import { goal, oursFigure as figure } from './lib/types';

const OURS = { id: 'ours', label: 'this ledger (libs/read-model projectors, SQLite read store)', kind: 'ours' as const };
const TODAY = '2026-11-22';
const INSTITUTIONS_FOR_LISTS = 100_000;


/** The record lifecycle comes up more often than the rest, as it does in a credit office. */
const KINDS: Intent['kind'][] = [...INTENT_KINDS, 'record', 'record', 'record', 'order', 'order', 'order', 'lapse', 'lapse', 'report', 'review', 'objection', 'decideObjection', 'check', 'check'];

/**
 * A log of `target` events written as the service writes them (deciders, then EventLedger
 * appends over the embedded store), one in-flight append per stream and many streams at once.
 */
export async function buildLog(context: BenchContext, store: EventStore, target: number): Promise<{ events: number; ms: number }> {
  const ledger = new EventLedger(store, { now: () => new Date(`${TODAY}T02:00:00.000Z`) });
  const institutions = Math.max(100, Math.round(target / 10));
  const chains = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<void>>();
  let commands = 0;
  const scenario = new LedgerScenario(
    async (streamId, events, expected) => {
      commands += 1;
      const commandId = `bench-${commands}`;
      const append = (chains.get(streamId) ?? Promise.resolve()).then(async () => {
        await ledger.append(streamId, events, expected, { commandId, actor: { sub: 'bench', role: 'credit-office' } });
      });
      chains.set(streamId, append);
      inFlight.add(append);
      void append.then(() => {
        inFlight.delete(append);
        if (chains.get(streamId) === append) chains.delete(streamId);
      });
      if (inFlight.size >= 1000) await Promise.race(inFlight);
    },
    TODAY,
    'bench',
    institutions,
    300,
  );
  const rng = Rng.derive(context.seed, 'rebuild-log');
  const started = now();
  for (let i = 0; i < institutions; i += 1) await scenario.step({ kind: 'institution', a: i, b: rng.int(0, 1e6), flag: false });
  for (let i = 0; i < institutions; i += 1) await scenario.step({ kind: 'leader', a: i, b: rng.int(0, 1e6), flag: false });
  let reported = 0;
  while (scenario.events < target) {
    await scenario.step({ kind: KINDS[rng.int(0, KINDS.length - 1)], a: rng.int(0, 1e6), b: rng.int(0, 1e6), flag: rng.next() < 0.5 });
    if (scenario.events - reported >= 50_000) {
      reported = scenario.events;
      context.progress(`rebuild: building the log: ${scenario.events} events`);
    }
  }
  await Promise.all(inFlight);
  return { events: await store.headPosition(), ms: now() - started };
}

/** An in-memory log for the query figures: only what a rebuild reads. */
export class MemoryLog {
  readonly events: StoredEvent[] = [];

  add(streamId: string, revision: number, event: { type: string; data: object }): void {
    const position = this.events.length + 1;
    this.events.push({ position, streamId, revision, id: `m-${position}`, type: event.type, data: event.data as Record<string, unknown>, metadata: { recordedAt: `${TODAY}T02:00:00.000Z`, actor: { sub: 'bench', role: 'credit-office' } } });
  }

  asStore(): EventStore {
    return {
      headPosition: async () => this.events.length,
      readAll: async ({ fromPosition = 0, limit = this.events.length } = {}) => this.events.slice(fromPosition, fromPosition + limit),
    } as EventStore;
  }
}

/**
 * 100,000 institutions in 370 regions, `listed` of them with a SERIOUS record whose rectification
 * order lapsed (listing and ban), all decided by the domain's deciders.
 */
export function listWorkload(listed: number): MemoryLog {
  const log = new MemoryLog();
  const institutions: InstitutionState[] = [];
  for (let i = 0; i < INSTITUTIONS_FOR_LISTS; i += 1) {
    const uscc = withUsccCheckCharacter(`1137${String(i % 10_000).padStart(4, '0')}MB${String(i).padStart(7, '0')}`);
    const region = `37${String(i % 370).padStart(4, '0')}`;
    let state = initialInstitutionState();
    for (const [revision, event] of [
      ...decideInstitution({ type: 'RegisterInstitution', data: { uscc, name: `机构${i}`, kind: 'GOVERNMENT_ORGAN', regionCode: region } }, state),
    ].entries()) {
      log.add(`institution-${uscc}`, revision, event);
      state = evolveInstitution(state, event);
    }
    institutions.push(state);
  }
  for (let i = 0; i < listed; i += 1) {
    const institution = institutions[(i * 7919) % INSTITUTIONS_FOR_LISTS];
    if (institution.status !== 'REGISTERED') continue;
    const recordId = `lr-${i}`;
    const findingOn = `2025-${String(1 + (i % 9)).padStart(2, '0')}-${String(1 + (i % 27)).padStart(2, '0')}`;
    let state = initialRecordState();
    let revision = 0;
    const decide = (command: Parameters<typeof decideRecord>[0]) => {
      const events: RecordEvent[] = decideRecord(command, state, { institution, policyProfile: 'national' });
      for (const event of events) {
        log.add(`record-${recordId}`, revision, event);
        revision += 1;
        state = evolveRecord(state, event);
      }
    };
    decide({
      type: 'RecordDishonesty',
      today: TODAY,
      data: {
        recordId,
        subject: { kind: 'INSTITUTION', id: institution.uscc },
        category: 'ARREARS_TO_ENTERPRISES',
        severity: 'SERIOUS',
        domain: i % 2 ? 'GOVERNMENT_PROCUREMENT' : 'PPP',
        occurredOn: findingOn,
        description: '拖欠民营企业账款',
        finding: { type: 'ADMINISTRATIVE_PENALTY', documentNo: `罚${i}`, authority: '财政局', findingOn },
      },
    });
    decide({ type: 'OrderRectification', today: TODAY, data: { recordId, orderedOn: findingOn, deadline: '2025-10-31', requirements: '清偿' } });
    decide({ type: 'LapseRectificationDeadline', today: TODAY, data: { recordId } });
  }
  return log;
}

async function latencies(count: number, query: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number; max: number }> {
  for (let i = 0; i < 20; i += 1) await query(i);
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const t = now();
    await query(i);
    samples.push(now() - t);
  }
  return { p50: round(quantile([...samples], 0.5), 2), p99: round(quantile([...samples], 0.99), 2), max: round(Math.max(...samples), 2) };
}

/** Streams the whole public extract as CSV into a counter, sampling memory as it goes. */
async function exportCsv(dataSource: DataSource): Promise<{ rows: number; bytes: number; ms: number; peakHeapGrowthMiB: number; peakRssMiB: number }> {
  global.gc?.();
  const baseline = process.memoryUsage();
  let peakHeap = baseline.heapUsed;
  let peakRss = baseline.rss;
  const sample = setInterval(() => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  }, 10);
  let rows = 0;
  let bytes = csvLine([...EXPORT_FIELDS]).length;
  const started = now();
  try {
    for await (const page of publicRecordPages(Sql.of(dataSource), { on: TODAY, publishOfficials: false }, 1000)) {
      for (const row of page) {
        const values = exportRow(row);
        bytes += Buffer.byteLength(csvLine(EXPORT_FIELDS.map((f) => values[f])));
        rows += 1;
      }
    }
  } finally {
    clearInterval(sample);
  }
  return { rows, bytes, ms: now() - started, peakHeapGrowthMiB: round((peakHeap - baseline.heapUsed) / 1048576, 1), peakRssMiB: round(peakRss / 1048576, 1) };
}

/**
 * Issue 5 figures: a full rebuild of every read model from the log into SQLite (events/s), list
 * queries over a read model of 100,000 institutions (p99), and the streamed public export.
 */
export const rebuildBenchmark: Benchmark = {
  id: 'rebuild',
  title: 'Read side: full rebuild into SQLite, list queries at 100,000 institutions, public export',
  async run(context: BenchContext): Promise<BenchmarkResult> {
    const started = Date.now();
    const logEvents = context.full ? 1_000_000 : 30_000;
    const listed = context.full ? 30_000 : 10_000;
    const dir = context.temp.dir('rebuild');
    const store = await SqliteEventStore.open({ filename: join(dir, 'events.sqlite'), synchronous: 'OFF' });
    try {
      context.progress(`rebuild: building a ${logEvents}-event log through the deciders and EventLedger`);
      const log = await buildLog(context, store, logEvents);

      // The full rebuild, with the time spent reading the log counted apart, in a process of its
      // own as `ledger rebuild` runs (this one holds the log generator's state: rebuilding next to
      // that heap doubled the rebuild's CPU). Every append is committed (buildLog awaited them all).
      context.progress(`rebuild: rebuilding ${log.events} events into ${readSideProjectors().length} read models (own process)`);
      const loadBefore = loadavg()[0];
      const rebuilt = await rebuildInChild({ logFile: join(dir, 'events.sqlite'), readFile: join(dir, 'read-model.sqlite') });
      if (rebuilt.position !== log.events) throw new Error(`rebuild: the rebuild reached position ${rebuilt.position}, the log's head is ${log.events}`);
      const rebuildMs = rebuilt.ms;
      const readMs = rebuilt.readMs;
      // The same with no projector: the floor every rebuild through the port stands on.
      context.progress('rebuild: the same rebuild without projectors (reading and parsing the log)');
      const bare = await rebuildInChild({ logFile: join(dir, 'events.sqlite'), readFile: join(dir, 'read-bare.sqlite'), projectors: 'none' });
      // And every projector on the main thread (`ledger rebuild --single-thread`).
      context.progress('rebuild: the same rebuild on one thread');
      const single = await rebuildInChild({ logFile: join(dir, 'events.sqlite'), readFile: join(dir, 'read-single.sqlite'), workers: false });

      context.progress(`rebuild: a read model of ${INSTITUTIONS_FOR_LISTS} institutions, ${listed} of them listed`);
      const workload = listWorkload(listed);
      const listStore = await openReadStore({ kind: 'sqlite', filename: join(dir, 'lists.sqlite') });
      const listProjectors = [new ArchiveProjector(), new DishonestListProjector(), new AwardBansProjector(), new PublicRecordsProjector()];
      await rebuildProjections({ store: workload.asStore(), dataSource: listStore, projectors: listProjectors });
      const sql = Sql.of(listStore);
      const head = workload.events.length;
      const regions = (i: number) => `37${String((i * 37) % 370).padStart(4, '0')}`;
      context.progress('rebuild: list queries');
      const repeats = context.full ? 1000 : 300;
      const dishonest = await latencies(repeats, (i) => queryDishonestList(sql, { on: TODAY }, { limit: 50, offset: (i % 20) * 50 }));
      const dishonestFiltered = await latencies(repeats, (i) => queryDishonestList(sql, { on: TODAY, region: regions(i), domain: 'PPP' }, { limit: 50, offset: 0 }));
      const dishonestKnownAt = await latencies(repeats, (i) => queryDishonestList(sql, { on: '2026-01-15', position: head - (i % 1000) }, { limit: 50, offset: (i % 10) * 50 }));
      const bans = await latencies(repeats, (i) => queryAwardBans(sql, { activeOn: TODAY }, { limit: 50, offset: (i % 20) * 50 }));
      const publicPage = await latencies(repeats, (i) => queryPublicRecords(sql, { on: TODAY, region: i % 2 ? regions(i) : undefined, publishOfficials: false }, { limit: 50, offset: 0 }));
      // A province and its cities: each holds a quarter to all of the 100,000 institutions (GB/T 2260
      // regions take in the regions under them), the filter a provincial supervisor uses.
      const wide = (i: number) => ['370000', '370100', '370200', '370300'][i % 4];
      const dishonestWide = await latencies(repeats, (i) => queryDishonestList(sql, { on: TODAY, region: wide(i) }, { limit: 50, offset: (i % 10) * 50 }));
      const publicWide = await latencies(repeats, (i) => queryPublicRecords(sql, { on: TODAY, region: wide(i), publishOfficials: false }, { limit: 50, offset: 0 }));
      const worstP99 = Math.max(dishonest.p99, dishonestFiltered.p99, dishonestKnownAt.p99, bans.p99, publicPage.p99, dishonestWide.p99, publicWide.p99);

      context.progress('rebuild: public export');
      const exported = await exportCsv(listStore);
      await listStore.destroy();

      const rebuildFigure = figure('rebuild.full.events_per_s', `full rebuild of ${rebuilt.events.toLocaleString('en-US')} events into the ${readSideProjectors().length} read models: events/s`, 'events/s', (rebuilt.events / rebuildMs) * 1000, 'higher', {
        ms: round(rebuildMs),
        // Time spent waiting for the next page of the log (it is read while the batch before is applied).
        read_log_wait_ms: round(readMs),
        // Every thread of the rebuild's own process: the projectors and the log's parsing on the
        // main thread, SQLite's statements on libuv's threads.
        cpu_ms: round(rebuilt.cpuMs),
        events_per_cpu_s: round((rebuilt.events / Math.max(1, rebuilt.cpuMs)) * 1000),
        own_process: true,
        // From fork to exit: starting node, opening and closing the stores included.
        process_ms: round(rebuilt.processMs),
        heap_used_mib: round(rebuilt.heapUsedMiB),
        // The machine is shared: its 1-minute load average before and after the rebuild.
        load_average: [round(loadBefore, 2), round(loadavg()[0], 2)],
      });
      const bareFigure = figure('rebuild.no_projectors.events_per_s', 'the same rebuild without projectors (read and parse the log in batches, swap): events/s', 'events/s', (bare.events / bare.ms) * 1000, 'higher', {
        ms: round(bare.ms),
        cpu_ms: round(bare.cpuMs),
        events_per_cpu_s: round((bare.events / Math.max(1, bare.cpuMs)) * 1000),
      });
      const singleFigure = figure('rebuild.single_thread.events_per_s', 'the same full rebuild with every projector on the main thread (--single-thread): events/s', 'events/s', (single.events / single.ms) * 1000, 'higher', {
        ms: round(single.ms),
        cpu_ms: round(single.cpuMs),
        events_per_cpu_s: round((single.events / Math.max(1, single.cpuMs)) * 1000),
      });
      const listFigure = figure('rebuild.lists.p99_ms', `list queries at ${INSTITUTIONS_FOR_LISTS.toLocaleString('en-US')} institutions (${listed.toLocaleString('en-US')} listed), worst p99 (ms)`, 'ms', worstP99, 'lower', {
        dishonest_list_page: dishonest,
        dishonest_list_region_and_domain: dishonestFiltered,
        dishonest_list_known_at: dishonestKnownAt,
        award_bans_active_on: bans,
        public_records_page: publicPage,
        dishonest_list_province_or_city: dishonestWide,
        public_records_province_or_city: publicWide,
        queries_each: repeats,
      });
      const exportFigure = figure('rebuild.export.rows_per_s', `public export (CSV, ${exported.rows.toLocaleString('en-US')} rows, streamed in pages): rows/s`, 'rows/s', (exported.rows / exported.ms) * 1000, 'higher', {
        bytes: exported.bytes,
        ms: round(exported.ms),
        peak_heap_growth_mib: exported.peakHeapGrowthMiB,
        peak_rss_mib: exported.peakRssMiB,
      });
      return {
        id: 'rebuild',
        title: this.title,
        subjects: [OURS],
        ratioColumns: [],
        figures: [
          rebuildFigure,
          singleFigure,
          bareFigure,
          figure('rebuild.log.build_events_per_s', 'building that log through the deciders and EventLedger: events/s', 'events/s', (log.events / log.ms) * 1000, 'higher'),
          listFigure,
          figure('rebuild.lists.dishonest_p99_ms', 'dishonest list, page of 50 with total: p99 (ms)', 'ms', dishonest.p99, 'lower', dishonest),
          figure('rebuild.lists.known_at_p99_ms', 'dishonest list as known at a past position: p99 (ms)', 'ms', dishonestKnownAt.p99, 'lower', dishonestKnownAt),
          figure('rebuild.lists.wide_region_p99_ms', 'dishonest list and public records of a province or a city (25–100% of the institutions): p99 (ms)', 'ms', Math.max(dishonestWide.p99, publicWide.p99), 'lower', {
            dishonest_list: dishonestWide,
            public_records: publicWide,
          }),
          exportFigure,
          figure('rebuild.export.peak_heap_growth_mib', 'public export: peak heap growth (MiB)', 'MiB', exported.peakHeapGrowthMiB, 'lower'),
        ],
        goals: [
          goal('rebuild.rate', 'full rebuild into the SQLite read models ≥ 100,000 events/s', rebuildFigure, 'ours', '>=', 100_000),
          goal('rebuild.list_p99', 'list query at 100,000 institutions: p99 ≤ 20 ms', listFigure, 'ours', '<=', 20),
        ],
        settings: {
          log_events: rebuilt.events,
          read_models: readSideProjectors().map((p) => p.name),
          rebuild_batch_events: 50_000,
          list_institutions: INSTITUTIONS_FOR_LISTS,
          listed_institutions: listed,
          sqlite: 'WAL; read store synchronous NORMAL (openReadStore), event store OFF while building',
        },
        notes: [
          'The log is written by the domain deciders through EventLedger (hash chain, metadata) as the service writes it; the rebuild reads it back through the EventStore port.',
          'The rebuild runs in a process of its own (bench/lib/rebuild-child.ts, forked once the log is committed), as `ledger rebuild` runs in production: not next to this process\'s log generator state, whose heap doubled the rebuild\'s CPU. ms, cpu_ms and read_log_wait_ms are measured inside that process; process_ms is fork to exit.',
          `Without projectors the same rebuild takes ${round(bare.ms)} ms (${Math.round((bare.events / bare.ms) * 1000).toLocaleString('en-US')} events/s): reading the log through the port and parsing each event's JSON is the ceiling of any rebuild on this machine; the projectors take the other ${Math.round(Math.max(0, rebuildMs - bare.ms))} ms. Of the full rebuild, ${Math.round(readMs)} ms were spent waiting for the next page of the log (read while the batch before is applied).`,
          `The full rebuild runs as \`ledger rebuild\` does: ${rebuildWorkerGroups().map((g) => g.join(', ')).join('; ') || 'no projector'} on a worker thread reading the log itself, the rest on the main thread, the worker's tables copied in before the swap. With every projector on the main thread it takes ${round(single.ms)} ms.`,
          'The list figures run against a read model of 100,000 registered institutions built by the same projectors; each figure is the p99 of its queries, the goal is read from the worst of them.',
          `A region filter takes in the regions under it (GB/T 2260): the list rows carry their institution's region code, last in the covering indexes they are counted and paged on, so a province or a city is a range test on index entries, and a district's few rows are found through its institutions (the list projector's own table of regions). The province-or-city figure measures the widest (25,000 to 100,000 institutions, ${listed.toLocaleString('en-US')} listed).`,
          'The export streams keyset pages of 1,000 rows; its peak heap growth staying flat while the row count grows is the constant-memory property.',
        ],
        durationMs: Date.now() - started,
      };
    } finally {
      await store.close();
      context.temp.discard(dir);
    }
  },
};
