import type { Benchmark, BenchContext, BenchmarkResult, Figure } from '../lib/types';
import { median, now, ratio, round } from '../lib/stats';
import { AppendPlanner } from '../lib/workload';
import { StoreUnderTest } from '../subjects/subject';
import { freshStore, lineup, rotate } from './common';

const HOT_EVENTS = 10_000;
const BATCH = 100;
const PAGE = 5_000;

const READ_LABELS: Record<string, string> = {
  ours: 'this ledger: SqliteEventStore.readStream / readAll (its read-only connection)',
  emmett: 'Emmett SQLite event store 0.38.5: readStream / readMessagesBatch',
  ceiling: 'raw sqlite3 SELECT of the same rows + JSON.parse (read-only connection)',
};

interface ReadMeasure {
  logEvents: number;
  buildMs: number;
  streamReads: number[];
  streamEvents: number;
  logReads: number[];
  logEventsRead: number;
}

export const readsBenchmark: Benchmark = {
  id: 'reads',
  title: 'Reads: a 10,000-event stream, and the whole log',
  async run(context: BenchContext): Promise<BenchmarkResult> {
    const started = Date.now();
    const { factories, subjects, synchronous, journalMode } = await lineup(context);
    const logEvents = context.full ? 1_000_000 : 30_000;
    const streamRepeats = context.full ? 10 : 5;
    const logRepeats = context.full ? 3 : 3;
    const measures: Record<string, ReadMeasure> = {};
    let hotStreamId = '';

    // Build the same log in every store first, then read in interleaved rounds (the stores take
    // turns, order rotating), so load from elsewhere on the machine falls on all of them alike.
    const open: { id: string; store: StoreUnderTest; done: () => Promise<void> }[] = [];
    try {
      for (const factory of factories) {
        const { store, done } = await freshStore(context, factory, 'reads');
        open.push({ id: factory.id, store, done });
        // The same log for every store: the 10,000-event stream interleaved with 127 others.
        const hot = new AppendPlanner({ seed: context.seed, label: 'reads-hot', eventsPerAppend: BATCH, writers: 1, streamsPerWriter: 1 });
        const rest = new AppendPlanner({ seed: context.seed, label: 'reads-log', eventsPerAppend: BATCH, writers: 16 });
        hotStreamId = hot.streamIds[0];
        const hotAppends = HOT_EVENTS / BATCH;
        const total = logEvents / BATCH;
        const isHot = (j: number) => Math.floor(((j + 1) * hotAppends) / total) > Math.floor((j * hotAppends) / total);
        const buildStarted = now();
        for (let j = 0; j < total; ) {
          const chunk = [];
          for (const end = Math.min(total, j + 50); j < end; j += 1) chunk.push(...(isHot(j) ? hot : rest).take(1));
          store.prime?.(chunk);
          for (const a of chunk) await store.append(a);
          if (j % 1000 === 0) context.progress(`reads: building the log in ${factory.id}: ${j * BATCH} events`);
        }
        measures[factory.id] = { logEvents, buildMs: round(now() - buildStarted), streamReads: [], streamEvents: 0, logReads: [], logEventsRead: 0 };
        await store.readStream(hotStreamId); // warm-up
      }
      for (let r = 0; r < streamRepeats; r += 1) {
        context.progress(`reads: the 10,000-event stream, round ${r + 1}/${streamRepeats}`);
        for (const { id, store } of rotate(open, r)) {
          const t = now();
          measures[id].streamEvents = await store.readStream(hotStreamId);
          measures[id].streamReads.push(round(now() - t, 2));
        }
      }
      for (let r = 0; r < logRepeats; r += 1) {
        context.progress(`reads: the whole log, round ${r + 1}/${logRepeats}`);
        for (const { id, store } of rotate(open, r)) {
          const t = now();
          measures[id].logEventsRead = await store.readAll(PAGE);
          measures[id].logReads.push(round(now() - t, 1));
        }
      }
    } finally {
      for (const { done } of open) await done();
    }
    for (const [id, m] of Object.entries(measures)) {
      if (m.streamEvents !== HOT_EVENTS || m.logEventsRead !== logEvents) {
        throw new Error(`${id}: read ${m.streamEvents} stream events and ${m.logEventsRead} log events, expected ${HOT_EVENTS} and ${logEvents}`);
      }
    }

    const values = (f: (m: ReadMeasure) => number) =>
      Object.fromEntries(factories.map((s) => [s.id, measures[s.id] ? round(f(measures[s.id])) : null]));
    // Paired ratios: the median over rounds of (ours in round r) vs (peer in round r).
    const paired = (key: 'streamReads' | 'logReads', peer: string, of: 'rate' | 'time'): number | null => {
      const a = measures.ours?.[key];
      const b = measures[peer]?.[key];
      if (!a || !b || a.length === 0 || a.length !== b.length) return null;
      return ratio(median(a.map((t, i) => (of === 'rate' ? b[i] / t : t / b[i]))), 1);
    };
    const ratiosOf = (key: 'streamReads' | 'logReads', of: 'rate' | 'time') => ({
      'ours/emmett': paired(key, 'emmett', of),
      'ours/ceiling': paired(key, 'ceiling', of),
    });
    const streamRate = values((m) => (m.streamEvents / median(m.streamReads)) * 1000);
    const streamMs = values((m) => median(m.streamReads));
    const logRate = values((m) => (m.logEventsRead / median(m.logReads)) * 1000);
    const figures: Figure[] = [
      {
        id: 'reads.stream10k.events_per_s',
        label: 'read a 10,000-event stream: events/s',
        unit: 'events/s',
        values: streamRate,
        ratios: ratiosOf('streamReads', 'rate'),
        better: 'higher',
        details: measures,
      },
      {
        id: 'reads.stream10k.ms',
        label: 'read a 10,000-event stream: ms per read (median)',
        unit: 'ms',
        values: Object.fromEntries(Object.entries(streamMs).map(([k, v]) => [k, v === null ? null : round(v, 2)])),
        ratios: ratiosOf('streamReads', 'time'),
        better: 'lower',
      },
      {
        id: 'reads.all.events_per_s',
        label: `read the whole log (${logEvents.toLocaleString('en-US')} events, pages of ${PAGE}): events/s`,
        unit: 'events/s',
        values: logRate,
        ratios: ratiosOf('logReads', 'rate'),
        better: 'higher',
      },
    ];
    return {
      id: 'reads',
      title: this.title,
      subjects: subjects.map((subject) => ({ ...subject, label: READ_LABELS[subject.id] ?? subject.label })),
      ratioColumns: [
        ['ours/emmett', 'ours ÷ Emmett'],
        ['ours/ceiling', 'ours ÷ ceiling'],
      ],
      figures,
      goals: [],
      settings: { synchronous, journal_mode: journalMode, log_events: logEvents, stream_events: HOT_EVENTS, page_size: PAGE, stream_repeats: streamRepeats, log_repeats: logRepeats },
      notes: [
        'Reads run in interleaved rounds (the stores take turns); figures are medians, ratios medians of per-round ratios.',
        'Every store parses the stored JSON of each event it returns (the ceiling too: a plain SELECT plus JSON.parse of data and metadata).',
        "Emmett's whole-log read uses its exported readMessagesBatch (what its consumers use) on one connection.",
      ],
      durationMs: Date.now() - started,
    };
  },
};
