import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { LEDGER_CONFIG, LedgerConfig } from '@app/application';
import { EventStore, GENESIS_HASH, rollDigest } from '@app/event-store';
import { progressBar } from '../audit/progress';
import { EXPORT_FORMAT, EXPORT_VERSION, ExportHeader, exportedEvent, ExportTrailer } from './log-export';
import { openEventStore } from './open-event-store';

interface ExportOptions {
  out?: string;
}

const PAGE = 1000;

/** Where the lines go: a file written beside its final name and renamed when complete, or stdout. */
interface Sink {
  write(text: string): Promise<void>;
  finish(): Promise<void>;
  abandon(): void;
}

function fileSink(path: string): Sink {
  const partial = `${path}.partial`;
  const fd = openSync(partial, 'w', 0o600);
  let buffer = '';
  const flush = () => {
    if (buffer) writeSync(fd, buffer);
    buffer = '';
  };
  return {
    write: async (text) => {
      buffer += text;
      if (buffer.length > 1 << 20) flush();
    },
    finish: async () => {
      flush();
      fsyncSync(fd);
      closeSync(fd);
      renameSync(partial, path);
    },
    abandon: () => {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
      rmSync(partial, { force: true });
    },
  };
}

function stdoutSink(): Sink {
  return {
    // Waits for the pipe to drain when it is full (a slow reader holds a large log in memory otherwise).
    write: (text) => new Promise<void>((resolve) => (process.stdout.write(text) ? resolve() : process.stdout.once('drain', () => resolve()))),
    finish: async () => undefined,
    abandon: () => undefined,
  };
}

/**
 * `ledger export [--out FILE]`: the event log as newline-delimited JSON — a header, every event
 * as stored (ids, data, metadata with its hashes) in log order up to the head when it began, and
 * a trailer with the count and the rolling log digest (what `ledger digest` gives). `ledger import`
 * checks all of it before writing anything. With --out the file appears only once complete.
 * Exit 0 when exported, 1 when the log cannot be read whole (a damaged row: `ledger verify`).
 */
@Command({ name: 'export', description: 'Write the event log as NDJSON (header, events, trailer with the log digest), for `ledger import`' })
export class ExportCommand extends CommandRunner {
  constructor(@Inject(LEDGER_CONFIG) private readonly config: LedgerConfig) {
    super();
  }

  async run(_args: string[], options: ExportOptions): Promise<void> {
    let store: EventStore | undefined;
    let sink: Sink | undefined;
    try {
      store = await openEventStore(this.config);
      const head = await store.headPosition();
      sink = options.out ? fileSink(options.out) : stdoutSink();
      const header: ExportHeader = { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: new Date().toISOString(), head };
      await sink.write(`${JSON.stringify(header)}\n`);
      const progress = progressBar('export', head);
      let digest = GENESIS_HASH;
      let events = 0;
      let position = 0;
      while (position < head) {
        const page = await store.readAll({ fromPosition: position, limit: PAGE });
        const within = page.filter((event) => event.position <= head);
        if (within.length === 0) break;
        let lines = '';
        for (const event of within) {
          lines += `${JSON.stringify(exportedEvent(event))}\n`;
          digest = rollDigest(digest, String(event.metadata.hash));
          position = event.position;
          events += 1;
        }
        await sink.write(lines);
        progress.update(position);
        if (within.length < page.length) break;
      }
      progress.stop();
      const trailer: ExportTrailer = { end: true, events, position, digest };
      await sink.write(`${JSON.stringify(trailer)}\n`);
      await sink.finish();
      process.stderr.write(`exported ${events} events up to position ${position}; log digest ${digest}${options.out ? ` to ${options.out}` : ''}\n`);
    } catch (error) {
      sink?.abandon();
      process.stderr.write(`ledger export: ${(error as Error).message}${options.out ? `; ${options.out} was not written` : ''}\n`);
      process.exitCode = 1;
    } finally {
      await store?.close();
    }
  }

  @Option({ flags: '-o, --out <file>', description: 'write to FILE (created once complete) instead of stdout' })
  parseOut(value: string): string {
    return value;
  }
}
