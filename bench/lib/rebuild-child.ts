import { fork } from 'node:child_process';
import { EventStore, SqliteEventStore } from '@app/event-store';
import { openReadStore, readSideProjectors, REBUILD_NODE_FLAGS, rebuildProjections, rebuildWorkerGroups } from '@app/read-model';
import { join } from 'node:path';
import { now } from './stats';

/**
 * A from-scratch rebuild of every read model in a process of its own, as `ledger rebuild` runs
 * in production: the benchmark process holds the log generator's state (every stream's domain
 * state, EventLedger's tip cache), and rebuilding next to that large live heap roughly doubles
 * the rebuild's CPU (GC, object spreads). The parent forks this file; the child opens the log
 * and the read store, runs rebuildProjections as the benchmarks ran it in-process, and sends its
 * own timings back over IPC.
 */

export interface RebuildJob {
  /** The SqliteEventStore's file (every append committed before the fork). */
  logFile: string;
  /** The SQLite read store to rebuild into (opened with openReadStore). */
  readFile: string;
  /**
   * 'none' runs the rebuild without a projector: reading and parsing the log through the port,
   * in batches, and the swap — what any rebuild costs before the first projector runs.
   */
  projectors?: 'all' | 'none';
  /** Whether to move some projectors to a worker thread, as `ledger rebuild` does (default true). */
  workers?: boolean;
  /** Events per read and per transaction (rebuildProjections' default when absent). */
  batchSize?: number;
}

export interface ChildRebuild {
  events: number;
  position: number;
  /** Wall time of rebuildProjections in the child (ms). */
  ms: number;
  /** Of which reading the log (SqliteEventStore.readAll), ms. */
  readMs: number;
  /** The child's own CPU (user + system, every thread) during rebuildProjections, ms. */
  cpuMs: number;
  /** The child's whole life as the parent saw it (start, opening the stores, closing them), ms. */
  processMs: number;
  /** The child's heap after the rebuild (MiB), for comparison with the parent's. */
  heapUsedMiB: number;
}

type Message = { ok: true; result: Omit<ChildRebuild, 'processMs'> } | { ok: false; error: string };

/** Forks this file to rebuild `job`; rejects with the child's stderr when it fails. */
export function rebuildInChild(job: RebuildJob): Promise<ChildRebuild> {
  return new Promise((resolve, reject) => {
    const started = now();
    // With the V8 flags `ledger rebuild` relaunches itself with.
    const child = fork(__filename, [JSON.stringify(job)], { stdio: ['ignore', 'inherit', 'pipe', 'ipc'], execArgv: [...REBUILD_NODE_FLAGS] });
    let stderr = '';
    let message: Message | undefined;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('message', (m) => {
      message = m as Message;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const processMs = now() - started;
      if (code === 0 && message?.ok) return resolve({ ...message.result, processMs });
      const why = message && !message.ok ? message.error : 'no result';
      reject(new Error(`rebuild child failed (exit ${code ?? signal}): ${why}\n${stderr}`.trim()));
    });
  });
}

async function main(job: RebuildJob): Promise<Omit<ChildRebuild, 'processMs'>> {
  const store = await SqliteEventStore.open({ filename: job.logFile, synchronous: 'OFF' });
  try {
    const readStore = await openReadStore({ kind: 'sqlite', filename: job.readFile });
    try {
      let readMs = 0;
      // What a rebuild uses of the port, with the reading timed.
      const timedStore = {
        headPosition: () => store.headPosition(),
        readAll: async (options) => {
          const t = now();
          const events = await store.readAll(options);
          readMs += now() - t;
          return events;
        },
      } as Pick<EventStore, 'headPosition' | 'readAll'> as EventStore;
      const cpu = process.cpuUsage();
      const t = now();
      const projectors = job.projectors === 'none' ? [] : readSideProjectors();
      // The CLI's worker script, compiled beside this file's build.
      const workers = job.workers === false ? undefined : { script: join(__dirname, '../../apps/cli/src/rebuild.worker.js'), logFile: job.logFile, groups: rebuildWorkerGroups() };
      const rebuilt = await rebuildProjections({ store: timedStore, dataSource: readStore, projectors, workers, batchSize: job.batchSize });
      const ms = now() - t;
      const used = process.cpuUsage(cpu);
      return {
        events: rebuilt.events,
        position: rebuilt.position,
        ms,
        readMs,
        cpuMs: (used.user + used.system) / 1000,
        heapUsedMiB: process.memoryUsage().heapUsed / 1048576,
      };
    } finally {
      await readStore.destroy();
    }
  } finally {
    await store.close();
  }
}

if (require.main === module) {
  const send = (message: Message, code: number): void => {
    if (!process.send) {
      process.stdout.write(`${JSON.stringify(message)}\n`);
      process.exit(code);
    }
    process.send(message, () => {
      process.exitCode = code;
      process.disconnect();
      // Whatever handle might linger, the result is sent: leave (unref'd, so a clean exit is not delayed).
      setTimeout(() => process.exit(code), 2000).unref();
    });
  };
  main(JSON.parse(process.argv[2] ?? '{}') as RebuildJob).then(
    (result) => send({ ok: true, result }, 0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      send({ ok: false, error: error instanceof Error ? error.message : String(error) }, 1);
    },
  );
}
