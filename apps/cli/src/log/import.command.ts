import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { existsSync } from 'node:fs';
import { LEDGER_CONFIG, LedgerConfig, PROCESS_MANAGERS_LOCK, projectorLocksFor } from '@app/application';
import { canonicalJson, digestOfLog, EventStore, EventToAppend, GENESIS_HASH, rollDigest, verifyLog } from '@app/event-store';
import type { ProjectorLease, ProjectorLocks } from '@app/read-model';
import { progressBar } from '../audit/progress';
import { readSavedDigest, SavedDigest } from '../audit/saved-digest';
import { ExportChecker, ExportedEvent, ExportFileError, exportLines, ExportTrailer } from './log-export';
import { eventLogName, openEventStore } from './open-event-store';

interface ImportOptions {
  fromDigest?: string;
}

/** Events of one stream that follow one another in the log go in one append, up to this many, and this much JSON (EventStoreDB takes 1 MiB an append by default). */
const MOST_PER_APPEND = 500;
const MOST_BYTES_PER_APPEND = 256 * 1024;

const toAppend = (event: ExportedEvent): EventToAppend => ({
  id: event.id,
  type: event.type,
  data: event.data,
  metadata: event.metadata,
  hash: String(event.metadata.hash),
  // Stored as the canonical text its hash was computed over.
  encoded: { data: canonicalJson(event.data), metadata: canonicalJson(event.metadata) },
});

/** The import stopped: why, and whether anything was written (exit 1 either way). */
class ImportRefused extends Error {}

/**
 * `ledger import FILE [--from-digest SAVED]`: writes an export (`ledger export`) into the
 * configured event store, which must be empty — or hold the start of this same export, left by an
 * import that was interrupted: it goes on from there. The whole file is checked first (every
 * event's id, hash, chain link and revision, positions in order, the trailer's count and digest;
 * with --from-digest also a digest saved from the log it came from, by `ledger digest`), and
 * nothing is written when it does not check out. The events keep their ids, metadata and hashes;
 * the store gives them positions. At the end the log must verify and its digest equal the export's.
 * The service's process managers' lock is held throughout (refused while a service holds it).
 * Exit 0 when imported, 1 when refused or failed, 2 on a usage error.
 */
@Command({ name: 'import', arguments: '<file>', description: 'Write an event log export into the configured (empty) event store, after checking it whole' })
export class ImportCommand extends CommandRunner {
  constructor(@Inject(LEDGER_CONFIG) private readonly config: LedgerConfig) {
    super();
  }

  async run([file]: string[], options: ImportOptions): Promise<void> {
    let saved: SavedDigest | undefined;
    try {
      if (!existsSync(file)) throw new Error(`there is no file ${file}`);
      saved = options.fromDigest ? readSavedDigest(options.fromDigest) : undefined;
    } catch (error) {
      process.stderr.write(`ledger import: ${(error as Error).message}\n`);
      process.exitCode = 2;
      return;
    }
    let store: EventStore | undefined;
    let locks: ProjectorLocks | undefined;
    let lease: ProjectorLease | undefined;
    try {
      const trailer = await this.check(file, saved);
      // The service's sagas and deadline watcher must not react to half an import: their lock, held
      // throughout. (An API process still running on this ledger could write too: stop every one.)
      locks = projectorLocksFor(this.config);
      lease = await locks.tryAcquire(PROCESS_MANAGERS_LOCK);
      if (!lease) throw new ImportRefused(`a service is running on ${eventLogName(this.config)} (it holds the process managers' lock): stop it before importing; nothing was imported`);
      store = await openEventStore(this.config, { create: true });
      const held = await this.heldPrefix(store, file);
      const imported = await this.append(store, file, held, trailer.events);
      // The content as stored, not only the hashes that came with it: every hash, link and the digest.
      const verification = await verifyLog(store);
      if (!verification.ok) {
        throw new ImportRefused(`the log does not check out after the import: ${verification.problem ?? ''} at position ${String(verification.firstBadPosition)}; check it with \`ledger verify\``);
      }
      const final = store.anchorsLogDigest && (await store.headPosition()) > 0 ? await this.lastAnchor(store) : (await digestOfLog(store)).digest;
      if (final !== trailer.digest) {
        throw new ImportRefused(`the log's digest after the import (${final}) is not the export's (${trailer.digest}): was the store written to meanwhile? Check it with \`ledger verify\``);
      }
      process.stdout.write(
        imported === 0 && held > 0
          ? `nothing to import: ${eventLogName(this.config)} already holds the ${held} events of this export; log digest ${trailer.digest} (the export's)\n`
          : `imported ${imported} events${held > 0 ? ` after the ${held} an earlier import had written` : ''} into ${eventLogName(this.config)}: ${trailer.events} events, log digest ${trailer.digest} (the export's)\n`,
      );
    } catch (error) {
      const where = error instanceof ExportFileError ? `${file} ${error.message}; nothing was imported` : (error as Error).message;
      process.stderr.write(`ledger import: ${where}\n`);
      process.exitCode = 1;
    } finally {
      await store?.close();
      await lease?.release().catch(() => undefined);
      await locks?.close().catch(() => undefined);
    }
  }

  /** The first pass: the whole file, before anything is written. */
  private async check(file: string, saved: SavedDigest | undefined): Promise<ExportTrailer> {
    const checker = new ExportChecker();
    let last = 0;
    let provenAt: number | undefined;
    for await (const { line, value } of exportLines(file)) {
      const event = checker.accept(line, value);
      last = line;
      if (event && saved && event.position === Number(saved.position)) {
        if (checker.digestSoFar !== saved.digest) throw new ExportFileError(line, `the log up to position ${saved.position} differs from the saved digest`);
        provenAt = event.position;
      }
    }
    const { trailer } = checker.finish(last + 1);
    if (saved && provenAt === undefined) throw new ExportFileError(last, `the export has no event at the saved digest's position ${saved.position}`);
    return trailer;
  }

  /**
   * How many of the export's first events the store already holds (0 for an empty store): an
   * interrupted import of this export left them, in order, and their digest says so. Any other
   * content is refused before anything is written.
   */
  private async heldPrefix(store: EventStore, file: string): Promise<number> {
    if ((await store.headPosition()) === 0) return 0;
    const held = await digestOfLog(store);
    let digest = GENESIS_HASH;
    let count = 0;
    if (held.eventCount > 0) {
      for await (const { value } of exportLines(file)) {
        const event = value as Partial<ExportedEvent> & { end?: boolean; format?: string };
        if (event.format !== undefined || event.end === true) continue;
        digest = rollDigest(digest, String(event.metadata?.hash));
        count += 1;
        if (count === held.eventCount) break;
      }
    }
    if (count !== held.eventCount || digest !== held.digest) {
      throw new ImportRefused(
        `${eventLogName(this.config)} already holds ${held.eventCount} events that are not the start of this export; nothing was imported (import writes into an empty log, or finishes an interrupted import of the same export)`,
      );
    }
    return held.eventCount;
  }

  /**
   * The second pass: the events after the first `skip`, in order, a run of one stream per append.
   * Every line is checked again as it is read (the file may have changed since the first pass):
   * only what checks out is written, and a line that does not stops the import there.
   */
  private async append(store: EventStore, file: string, skip: number, total: number): Promise<number> {
    const progress = progressBar('import', total);
    const checker = new ExportChecker();
    let written = 0;
    let run: ExportedEvent[] = [];
    let bytes = 0;
    const flush = async () => {
      if (run.length === 0) return;
      const [first] = run;
      try {
        await store.append(first.streamId, run.map(toAppend), first.revision === 0 ? 'no_stream' : first.revision - 1);
      } catch (error) {
        throw new ImportRefused(
          `appending ${first.streamId} revision ${first.revision} failed: ${(error as Error).message}; ${skip + written} events are in the log, and running the same import again goes on from there`,
        );
      }
      written += run.length;
      run = [];
      bytes = 0;
      progress.update(skip + written);
    };
    let last = 0;
    try {
      for await (const { line, value } of exportLines(file)) {
        last = line;
        const event = checker.accept(line, value);
        if (!event || checker.events <= skip) continue;
        const size = JSON.stringify(event.data).length + JSON.stringify(event.metadata).length;
        if (run.length > 0 && (run[0].streamId !== event.streamId || run.length >= MOST_PER_APPEND || bytes + size > MOST_BYTES_PER_APPEND)) await flush();
        run.push(event);
        bytes += size;
      }
      checker.finish(last + 1);
    } catch (error) {
      if (!(error instanceof ExportFileError)) throw error;
      throw new ImportRefused(`${file} changed while it was imported: ${error.message}; ${skip + written} events are in the log`);
    }
    await flush();
    progress.stop();
    return written;
  }

  /** The embedded store anchors the rolling digest on each event: the last one's is the log's. */
  private async lastAnchor(store: EventStore): Promise<string | undefined> {
    const head = await store.headPosition();
    const [last] = await store.readAll({ fromPosition: head - 1, limit: 1 });
    return last?.logDigest ?? (await digestOfLog(store)).digest;
  }

  @Option({ flags: '-d, --from-digest <file>', description: 'a digest saved from the source log (`ledger digest`): the export must hold that log up to it, unchanged' })
  parseFromDigest(value: string): string {
    return value;
  }
}
