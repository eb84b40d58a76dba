import { SqliteEventStore, StoredEvent } from '@app/event-store';
import { rmSync } from 'node:fs';
import { extname } from 'node:path';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { openReadStore } from '../data-source';
import { ProjectionContext, ProjectionLogger } from '../projectors/projection-context';
import type { Projector } from '../projectors/projector';
import { applyConcurrently, logBatches } from './log-batches';

/**
 * What a rebuild worker thread does: the projectors it is given, from position 0 up to `until`,
 * read from the embedded log's file and written into a read store file of its own (its own
 * SQLite writer, so the threads never wait on one write lock). The rebuild copies its tables into
 * the fresh tables afterwards.
 */
export interface RebuildWorkerJob {
  logFile: string;
  readFile: string;
  projectors: string[];
  until: number;
  batchSize: number;
  /** What the script needs to make its projectors as the rebuild's thread made them (RebuildWorkers.settings). */
  settings: Readonly<Record<string, string>>;
  /** Set to 1 by the rebuild's thread to stop the worker between batches (it closes its files itself). */
  stop: SharedArrayBuffer;
}

type WorkerMessage = { done: number } | { failed: string } | { level: keyof ProjectionLogger; message: string };

/**
 * The body of a rebuild worker script. A script (the CLI's `rebuild.worker`) calls this with the
 * upcast the rebuild's own thread uses and the projectors it knows by name.
 */
export function runRebuildWorker(upcast: (event: StoredEvent) => StoredEvent, projectors: (settings: Readonly<Record<string, string>>) => Projector[]): void {
  const port = parentPort;
  if (!port) throw new Error('runRebuildWorker runs in a worker thread');
  const post = (message: WorkerMessage) => port.postMessage(message);
  const logger: ProjectionLogger = {
    log: (message) => post({ level: 'log', message }),
    warn: (message) => post({ level: 'warn', message }),
    error: (message) => post({ level: 'error', message }),
  };
  const job = workerData as RebuildWorkerJob;
  // Making the projectors can fail too (a calendar file gone bad): reported as the rebuild's failure.
  Promise.resolve()
    .then(() => rebuildInThisThread(job, upcast, projectors(job.settings), logger))
    .then(
      (events) => post({ done: events }),
      (error: unknown) => post({ failed: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
}

async function rebuildInThisThread(job: RebuildWorkerJob, upcast: (event: StoredEvent) => StoredEvent, known: Projector[], logger: ProjectionLogger): Promise<number> {
  const projectors = job.projectors.map((name) => {
    const projector = known.find((p) => p.name === name);
    if (!projector) throw new Error(`rebuild worker: no projector ${name}`);
    return projector;
  });
  const store = await SqliteEventStore.open({ filename: job.logFile, synchronous: 'NORMAL' });
  try {
    const dataSource = await openReadStore({ kind: 'sqlite', filename: job.readFile });
    try {
      // A scratch file, copied and deleted when done: nothing to keep from a crash.
      await dataSource.query('PRAGMA synchronous = OFF');
      let applied = 0;
      let reached = 0;
      const stop = new Int32Array(job.stop);
      for await (const events of logBatches(store, 0, job.until, job.batchSize)) {
        if (Atomics.load(stop, 0) === 1) throw new Error('stopped by the rebuild');
        await dataSource.transaction((manager) => applyConcurrently(projectors, events.map(upcast), new ProjectionContext(manager, undefined, logger)));
        applied += events.length;
        reached = events[events.length - 1].position;
      }
      // A log that ends early (another file, say) would leave these tables short of the rest.
      if (reached < job.until) throw new Error(`the log at ${job.logFile} ends at position ${reached}, before ${job.until}`);
      return applied;
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await store.close();
  }
}

/** A rebuild worker as the rebuild's thread sees it. */
export interface RunningWorker {
  /** Events applied, once the worker has reached `until`. */
  done: Promise<number>;
  /** Stops the worker (on a failure elsewhere) and deletes its file. */
  stop(): Promise<void>;
  /** Deletes its read store file (after the copy). */
  discard(): void;
  readonly job: RebuildWorkerJob;
}

/** Starts `script` (which calls runRebuildWorker) on a thread of its own. */
export function startRebuildWorker(script: string, options: Omit<RebuildWorkerJob, 'stop'>, logger: ProjectionLogger): RunningWorker {
  const job: RebuildWorkerJob = { ...options, stop: new SharedArrayBuffer(4) };
  // Run from the TypeScript sources (tests), the script is loaded through ts-node and the paths of tsconfig.json.
  const execArgv = extname(script) === '.ts' ? ['--require', 'ts-node/register/transpile-only', '--require', 'tsconfig-paths/register'] : [];
  // A young generation as large as the one `ledger rebuild` runs with (REBUILD_NODE_FLAGS).
  const worker = new Worker(script, { workerData: job, execArgv, resourceLimits: { maxYoungGenerationSizeMb: 192 } });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const discard = () => {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${job.readFile}${suffix}`, { force: true });
  };
  const done = new Promise<number>((resolve, reject) => {
    let settled = false;
    worker.on('message', (message: WorkerMessage) => {
      if ('level' in message) logger[message.level](`[worker ${job.projectors.join(', ')}] ${message.message}`);
      else if ('done' in message) {
        settled = true;
        resolve(message.done);
      } else {
        settled = true;
        reject(new Error(`rebuild worker (${job.projectors.join(', ')}) failed: ${message.failed}`));
      }
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`rebuild worker (${job.projectors.join(', ')}) exited with code ${code} before it finished`));
    });
  });
  done.catch(() => undefined);
  return {
    done,
    job,
    discard,
    stop: async () => {
      // Asked to stop between batches, the worker closes its databases itself: terminating a
      // thread that holds open node-sqlite3 databases can abort the process
      // (TryGhost/node-sqlite3#1666). Terminated only if it has not stopped within a minute.
      Atomics.store(new Int32Array(job.stop), 0, 1);
      const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), 60_000).unref());
      if ((await Promise.race([exited, timer])) === 'late') await worker.terminate();
      discard();
    },
  };
}
