import { Inject, Logger } from '@nestjs/common';
import { Presets, SingleBar } from 'cli-progress';
import { Command, CommandRunner, Option } from 'nest-commander';
import { extname, join } from 'node:path';
import { eventStoreOptionsFrom, LEDGER_CONFIG, LedgerConfig, projectorLocksFor, upcastStoredEvent } from '@app/application';
import { allProjectors, openReadStore, readStoreOptionsFor, rebuildProjections, RebuildProgress, rebuildWorkerGroups } from '@app/read-model';
import { openEventStore } from '../log/open-event-store';
import { UsageError } from '../usage-error';

interface RebuildOptions {
  projection?: string[];
  batchSize: number;
  singleThread?: boolean;
}

/** events/s and ETA on stderr while a rebuild runs; stdout keeps the one-line result. */
function progressBar(): { update(progress: RebuildProgress): void; stop(): void } {
  const stream = process.stderr;
  if (!stream.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar(
    { stream, format: 'rebuild [{bar}] {percentage}% | {value}/{total} events | {rate} events/s | ETA {eta_formatted}', hideCursor: true, etaBuffer: 20 },
    Presets.shades_classic,
  );
  const started = process.hrtime.bigint();
  let begun = false;
  return {
    update: ({ events, head, position }) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const rate = Math.round(events / Math.max(seconds, 1e-3));
      if (!begun) bar.start(Math.max(head, 1), 0, { rate });
      begun = true;
      bar.setTotal(Math.max(head, position, 1));
      bar.update(position, { rate });
    },
    stop: () => bar.stop(),
  };
}

/**
 * `ledger rebuild [--projection NAME ...]`: rebuilds read models from position 0 into fresh
 * tables and swaps them in when caught up; a running API keeps answering from the old ones.
 */
@Command({ name: 'rebuild', description: 'Rebuild read models from the log (all, or --projection NAME) and swap them in' })
export class RebuildCommand extends CommandRunner {
  constructor(@Inject(LEDGER_CONFIG) private readonly config: LedgerConfig) {
    super();
  }

  async run(_args: string[], options: RebuildOptions): Promise<void> {
    const rebuildable = allProjectors({ calendar: this.config.calendar }).filter((p) => p.tables?.length);
    const names = rebuildable.map((p) => p.name);
    const unknown = (options.projection ?? []).filter((name) => !names.includes(name));
    if (unknown.length > 0) {
      process.stderr.write(`ledger rebuild: no projection ${unknown.join(', ')}; projections: ${names.join(', ')}\n`);
      process.exitCode = 2;
      return;
    }
    const projectors = options.projection?.length ? rebuildable.filter((p) => options.projection!.includes(p.name)) : rebuildable;
    const store = await openEventStore(this.config);
    const dataSource = await openReadStore(readStoreOptionsFor(this.config));
    const bar = progressBar();
    const logger = new Logger('Rebuild');
    const started = process.hrtime.bigint();
    // On the embedded log, part of the projectors are rebuilt on a worker thread (a SQLite read
    // store only: rebuildProjections runs everything here otherwise).
    const log = eventStoreOptionsFrom(this.config);
    const workers =
      log.kind === 'sqlite' && !options.singleThread
        ? {
            script: join(__dirname, `../rebuild.worker${extname(__filename)}`),
            logFile: log.filename,
            groups: rebuildWorkerGroups(),
            // The calendar this thread counts in, as data: the threads' projectors count in the same one.
            settings: { calendarYears: JSON.stringify(this.config.calendar.deploymentYears()) },
          }
        : undefined;
    // The service's locks: this rebuild holds one of its own, and sweeps what interrupted ones left.
    const locks = projectorLocksFor(this.config);
    // Ctrl-C or a SIGTERM stops the rebuild between batches; it removes its fresh tables and scratch files.
    const abort = new AbortController();
    const stop = (signal: NodeJS.Signals) => {
      if (!abort.signal.aborted) process.stderr.write(`\nledger rebuild: ${signal}: stopping after the current batch\n`);
      abort.abort(new Error(`stopped by ${signal}; the read models were left as they were`));
    };
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const signal of signals) process.on(signal, stop);
    try {
      const result = await rebuildProjections({
        locks,
        signal: abort.signal,
        sweepTables: allProjectors().flatMap((p) => [...(p.tables ?? [])]),
        workers,
        store,
        dataSource,
        projectors,
        upcast: upcastStoredEvent,
        batchSize: options.batchSize,
        onProgress: (progress) => bar.update(progress),
        logger: { log: (m) => logger.log(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
      });
      bar.stop();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      process.stdout.write(
        `rebuilt ${result.projectors.join(', ')}: ${result.events} events up to position ${result.position} in ${seconds.toFixed(1)} s (${Math.round(result.events / Math.max(seconds, 1e-3))} events/s); tables swapped in\n`,
      );
    } catch (error) {
      bar.stop();
      process.stderr.write(`ledger rebuild: ${(error as Error).message}\n`);
      process.exitCode = abort.signal.aborted ? 130 : 1;
    } finally {
      for (const signal of signals) process.off(signal, stop);
      await locks.close();
      await dataSource.destroy();
      await store.close();
    }
  }

  @Option({ flags: '-p, --projection <name>', description: 'a projection to rebuild (repeatable; default: all)' })
  parseProjection(value: string, previous: string[] = []): string[] {
    const names = value.split(',').filter(Boolean);
    if (names.length === 0) throw new UsageError('--projection needs a projection name');
    return [...previous, ...names];
  }

  @Option({ flags: '-b, --batch-size <events>', description: 'events per transaction into the fresh tables', defaultValue: 20000 })
  parseBatchSize(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new UsageError('--batch-size must be a positive integer');
    return n;
  }

  @Option({ flags: '--single-thread', description: 'rebuild every projection on the main thread (no worker thread)' })
  parseSingleThread(): boolean {
    return true;
  }
}
