import type { Benchmark, BenchContext, BenchmarkResult, Figure } from '../lib/types';
import { median, now, ratio, round } from '../lib/stats';
import { AppendPlanner } from '../lib/workload';
import { freshStore, lineup, rotate } from './common';

const HOT_EVENTS = 10_000;
const BATCH = 100;
const PAGE = 5_000;

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
    const streamRepeats = context.full ? 10 : 3;
    const logRepeats = context.full ? 2 : 2;
    const measures: Record<string, ReadMeasure> = {};
    let hotStreamId = '';

    for (const factory of rotate(factories, 1)) {
      const { store, done } = await freshStore(context, factory, 'reads');
      try {
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
        const buildMs = now() - buildStarted;
        context.progress(`reads: ${factory.id}: reading`);
        const streamReads: number[] = [];
        let streamEvents = 0;
        await store.readStream(hotStreamId); // warm-up
        for (let r = 0; r < streamRepeats; r += 1) {
          const t = now();
          streamEvents = await store.readStream(hotStreamId);
          streamReads.push(now() - t);
        }
        const logReads: number[] = [];
        let logEventsRead = 0;
        for (let r = 0; r < logRepeats; r += 1) {
          const t = now();
          logEventsRead = await store.readAll(PAGE);
          logReads.push(now() - t);
        }
        if (streamEvents !== HOT_EVENTS || logEventsRead !== logEvents) {
          throw new Error(`${factory.id}: read ${streamEvents} stream events and ${logEventsRead} log events, expected ${HOT_EVENTS} and ${logEvents}`);
        }
        measures[factory.id] = { logEvents, buildMs: round(buildMs), streamReads: streamReads.map((v) => round(v, 2)), streamEvents, logReads: logReads.map((v) => round(v, 1)), logEventsRead };
      } finally {
        await done();
      }
    }

    const values = (f: (m: ReadMeasure) => number) =>
      Object.fromEntries(factories.map((s) => [s.id, measures[s.id] ? round(f(measures[s.id])) : null]));
    const ratiosOf = (v: Record<string, number | null>) => ({
      'ours/emmett': ratio(v.ours, v.emmett),
      'ours/ceiling': ratio(v.ours, v.ceiling),
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
        ratios: ratiosOf(streamRate),
        better: 'higher',
        details: measures,
      },
      {
        id: 'reads.stream10k.ms',
        label: 'read a 10,000-event stream: ms per read (median)',
        unit: 'ms',
        values: Object.fromEntries(Object.entries(streamMs).map(([k, v]) => [k, v === null ? null : round(v, 2)])),
        ratios: ratiosOf(streamMs),
        better: 'lower',
      },
      {
        id: 'reads.all.events_per_s',
        label: `read the whole log (${logEvents.toLocaleString('en-US')} events, pages of ${PAGE}): events/s`,
        unit: 'events/s',
        values: logRate,
        ratios: ratiosOf(logRate),
        better: 'higher',
      },
    ];
    return {
      id: 'reads',
      title: this.title,
      subjects,
      ratioColumns: [
        ['ours/emmett', 'ours ÷ Emmett'],
        ['ours/ceiling', 'ours ÷ ceiling'],
      ],
      figures,
      goals: [],
      settings: { synchronous, journal_mode: journalMode, log_events: logEvents, stream_events: HOT_EVENTS, page_size: PAGE, stream_repeats: streamRepeats, log_repeats: logRepeats },
      notes: [
        'Every store parses the stored JSON of each event it returns (the ceiling too: a plain SELECT plus JSON.parse of data and metadata).',
        "Emmett's whole-log read uses its exported readMessagesBatch (what its consumers use) on one connection.",
      ],
      durationMs: Date.now() - started,
    };
  },
};
