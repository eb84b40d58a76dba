import { foldHistory, LogSubjectStreamIndex, renderTimeline, replayHistory, SubjectHistoryReader, timelineJson } from '@app/application/audit';
import { defaultSealWorkers, digestOfLog, EventLedger, SqliteEventStore, verifyLog } from '@app/event-store';
import { join } from 'node:path';
import type { Benchmark, BenchContext, BenchmarkResult, Figure } from '../lib/types';
import { goal, oursFigure as figure } from '../lib/types';
import { median, now, round } from '../lib/stats';
import { StepClock } from '../subjects/ours';
import { eventCount, institutionUscc, interleave, subjectAppends, TEN_THOUSAND } from './audit-workload';

const OURS = { id: 'ours', label: 'this ledger (SqliteEventStore + EventLedger, libs/application/src/audit)', kind: 'ours' as const };

interface Timed<T> {
  /** Median wall time (ms). */
  ms: number;
  runs: number[];
  /** Median CPU time of this process (ms): on a shared machine, what the work itself costs. */
  cpuMs: number;
  result: T;
}

/** Median wall and CPU time of `repeats` runs of `work`, after one warm-up run. */
async function timed<T>(repeats: number, work: () => T | Promise<T>): Promise<Timed<T>> {
  let result = await work();
  const runs: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < repeats; r += 1) {
    const c = process.cpuUsage();
    const t = now();
    result = await work();
    runs.push(now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  return { ms: median(runs), runs: runs.map((v) => round(v, 2)), cpuMs: round(median(cpu), 1), result };
}


/**
 * Issue 6 figures: `ledger replay` of a 10,000-event institution (the fold, the whole timeline)
 * and full verification of the log (every hash, chain link and the rolling digest).
 */
export const auditBenchmark: Benchmark = {
  id: 'audit',
  title: 'Audit: replay of a 10,000-event subject, full verification of the log',
  async run(context: BenchContext): Promise<BenchmarkResult> {
    const started = Date.now();
    const total = context.full ? 1_000_000 : 50_000;
    const dir = context.temp.dir('audit');
    const store = await SqliteEventStore.open({ filename: join(dir, 'events.sqlite'), synchronous: 'OFF' });
    try {
      const subjectPlan = subjectAppends(1, TEN_THOUSAND);
      const subjectEvents = eventCount(subjectPlan);
      const ledger = new EventLedger(store, new StepClock());
      const actor = { sub: 'bench', role: 'credit-office' };
      let appended = 0;
      let commands = 0;
      const buildStarted = now();
      for (const append of interleave(subjectPlan, total)) {
        await ledger.append(append.streamId, append.events, 'any', { commandId: `cmd-${(commands += 1)}`, actor });
        const before = appended;
        appended += append.events.length;
        if (Math.floor(appended / 50_000) > Math.floor(before / 50_000)) context.progress(`audit: building the log: ${appended} events`);
      }
      const buildMs = now() - buildStarted;
      const subject = { kind: 'INSTITUTION' as const, id: institutionUscc(1) };

      context.progress('audit: indexing subjects (one pass over the log)');
      const index = new LogSubjectStreamIndex(store);
      const indexStarted = now();
      await index.catchUp();
      const indexMs = now() - indexStarted;
      const reader = new SubjectHistoryReader(store, index);

      context.progress('audit: replaying the subject');
      // Quick mode keeps the whole `npm run bench` within a few minutes on 2 cores.
      const repeats = context.full ? 5 : 3;
      const load = await timed(repeats, () => reader.load(subject));
      const history = load.result;
      if (history.events.length !== subjectEvents || !history.streams.every((s) => s.check.verified)) {
        throw new Error(`the subject's history has ${history.events.length} events (expected ${subjectEvents}), verified: ${history.streams.every((s) => s.check.verified)}`);
      }
      const fold = await timed(context.full ? 20 : 10, () => foldHistory(history));
      const diff = await timed(repeats, () => replayHistory(history));
      const table = await timed(repeats, () => renderTimeline(history, replayHistory(history)));
      const endToEnd = await timed(repeats, async () => {
        const loaded = await reader.load(subject);
        return renderTimeline(loaded, replayHistory(loaded));
      });
      const json = await timed(context.full ? 2 : 1, () => timelineJson(history, replayHistory(history, { withStates: true })));

      context.progress(`audit: verifying ${appended} events`);
      const verify = await timed(3, () => verifyLog(store));
      // Which path the events took (the ledger stores canonical text: all on the stored text).
      const paths = { storedText: 0, general: 0, pagesSealedByWorkers: 0 };
      await verifyLog(store, { counters: paths });
      if (!verify.result.ok || verify.result.checkedEvents !== appended) throw new Error(`verification failed: ${JSON.stringify(verify.result)}`);
      const digest = await timed(1, () => digestOfLog(store));

      const rate = (events: number, ms: number) => (events / ms) * 1000;
      const foldFigure = figure('audit.replay10k.fold_ms', 'replay 10,000 events: fold every stream with evolve (ms)', 'ms', fold.ms, 'lower', { runs: fold.runs, cpu_ms: fold.cpuMs });
      const endToEndFigure = figure(
        'audit.replay10k.timeline_ms',
        'replay 10,000 events: full timeline (read streams, check chains, fold, diff, render) (ms)',
        'ms',
        endToEnd.ms,
        'lower',
        { runs: endToEnd.runs, cpu_ms: endToEnd.cpuMs, output_bytes: endToEnd.result.length },
      );
      const verifyFigure = figure('audit.verify.events_per_s', `verify the whole log (${appended.toLocaleString('en-US')} events): events/s`, 'events/s', rate(appended, verify.ms), 'higher', {
        runs_ms: verify.runs,
        cpu_ms: verify.cpuMs,
        events_per_cpu_s: round(rate(appended, verify.cpuMs)),
        events_on_stored_text: paths.storedText,
        events_on_general_path: paths.general,
      });
      const figures: Figure[] = [
        foldFigure,
        figure('audit.replay10k.diff_ms', 'replay 10,000 events: fold + what each event changed (ms)', 'ms', diff.ms, 'lower', { runs: diff.runs, cpu_ms: diff.cpuMs }),
        figure('audit.replay10k.render_ms', 'replay 10,000 events: fold + diff + table text, history in memory (ms)', 'ms', table.ms, 'lower', {
          runs: table.runs,
          cpu_ms: table.cpuMs,
          output_bytes: table.result.length,
        }),
        figure('audit.replay10k.load_ms', `replay 10,000 events: read ${history.streams.length} streams and check their chains (ms)`, 'ms', load.ms, 'lower', { runs: load.runs, cpu_ms: load.cpuMs }),
        endToEndFigure,
        figure('audit.replay10k.json_ms', 'replay 10,000 events: --format json with the state after each event (ms)', 'ms', json.ms, 'lower', {
          runs: json.runs,
          cpu_ms: json.cpuMs,
          output_bytes: json.result.length,
        }),
        figure('audit.index.events_per_s', 'find every subject’s streams: one pass over the log, events/s', 'events/s', rate(appended, indexMs), 'higher'),
        verifyFigure,
        figure('audit.digest.events_per_s', 'fold the rolling digest alone (no hash recomputed): events/s', 'events/s', rate(appended, digest.ms), 'higher', { runs_ms: digest.runs, cpu_ms: digest.cpuMs }),
      ];
      return {
        id: 'audit',
        title: this.title,
        subjects: [OURS],
        ratioColumns: [],
        figures,
        goals: [
          goal('audit.replay_fold', 'replay of a 10,000-event subject: fold ≤ 50 ms', foldFigure, 'ours', '<=', 50),
          goal('audit.replay_timeline', 'replay of a 10,000-event subject: full timeline ≤ 1 s', endToEndFigure, 'ours', '<=', 1000),
          goal('audit.verify_rate', 'full verification ≥ 200,000 events/s', verifyFigure, 'ours', '>=', 200_000),
        ],
        settings: {
          log_events: appended,
          subject_events: subjectEvents,
          subject_streams: history.streams.length,
          build_ms: round(buildMs),
          sqlite_synchronous: 'OFF (durability does not change reads)',
          page_size: 5000,
        },
        notes: [
          `The subject (${subjectEvents.toLocaleString('en-US')} events in ${history.streams.length} streams) is spread over a ${appended.toLocaleString('en-US')}-event log of institutions like it.`,
          'The timeline figure is what `ledger replay` does after the store is open and the subject index is built: it excludes process start and the one-off index pass (its own figure).',
          `Verification is verifyLog: each page read as one value (SQLite reads the next pages meanwhile), sealed on ${defaultSealWorkers()} worker thread(s) (canonical text, eventId, SHA-256 from the stored prevHash; ${paths.pagesSealedByWorkers} pages), chains, revisions, positions and the rolling digest walked on the main thread; ${paths.storedText.toLocaleString('en-US')} events on the stored text, ${paths.general.toLocaleString('en-US')} parsed and canonicalised (the general path). Workers start for a log of 50,000 events or more; their start is in the figure.`,
          `CPU time of this process (details.cpu_ms): fold ${fold.cpuMs} ms, timeline ${endToEnd.cpuMs} ms, verification ${round(rate(appended, verify.cpuMs)).toLocaleString('en-US')} events per CPU-second; on a shared machine the wall figures include waiting for a core.`,
        ],
        durationMs: Date.now() - started,
      };
    } finally {
      await store.close();
      context.temp.discard(dir);
    }
  },
};
