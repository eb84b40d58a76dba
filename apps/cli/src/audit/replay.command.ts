import { Command, CommandRunner, Option } from 'nest-commander';
import { LogSubjectStreamIndex, parseInstant, parseSubjectRef, renderTimeline, replayHistory, SubjectRef, timelineJson } from '@app/application/audit';
import { AuditStoreLoader } from './audit-store.loader';
import { progressBar } from './progress';

interface ReplayOptions {
  subject?: string;
  knownAt?: string;
  format: string;
  scanLog?: boolean;
}

/**
 * `ledger replay --subject KIND:ID [--known-at T] [--format table|json]`: the subject's
 * timeline from the log, each event folded with the domain's `evolve` for its stream, showing
 * what it changed and why. Exit 1 when a stream's chain does not check out (the timeline is
 * still printed), 2 on a usage error.
 */
@Command({ name: 'replay', description: "Replay a subject's history from the log: every event, why it happened, and what it changed" })
export class ReplayCommand extends CommandRunner {
  constructor(private readonly loader: AuditStoreLoader) {
    super();
  }

  async run(_args: string[], options: ReplayOptions): Promise<void> {
    let stores;
    try {
      const { subject, knownAt, format } = parseOptions(options);
      stores = await this.loader.open();
      let histories = stores.histories;
      const byIndex = !(options.scanLog || stores.locator instanceof LogSubjectStreamIndex);
      if (!byIndex) {
        // One pass over the whole log: long on a big log, so it gets a bar.
        const logOnly = options.scanLog ? stores.logOnlyHistories() : { histories, index: stores.locator as LogSubjectStreamIndex };
        const progress = progressBar('index', await stores.store.headPosition());
        await logOnly.index.catchUp((position) => progress.update(position));
        progress.stop();
        histories = logOnly.histories;
      }
      const history = await histories.load(subject, knownAt);
      const replay = replayHistory(history, { withStates: format === 'json' });
      process.stdout.write(format === 'json' ? timelineJson(history, replay) : renderTimeline(history, replay));
      const verified = history.streams.every((stream) => stream.check.verified) && history.log.verified;
      // The checks cover the streams found; which streams concern the subject came from the read
      // side's index, which is no part of the log's proof. A pass over the log finds them from it alone.
      if (byIndex) process.stderr.write(`ledger replay: the subject's streams were found through the read side's index (${history.streams.length}); --scan-log finds them by reading the whole log\n`);
      if (!verified) process.stderr.write('ledger replay: this history does not check out (see the header)\n');
      process.exitCode = verified ? 0 : 1;
    } catch (error) {
      process.stderr.write(`ledger replay: ${(error as Error).message}\n`);
      process.exitCode = 2;
    } finally {
      await stores?.close();
    }
  }

  // Values are checked in run(), which reports a bad one like any other usage error (exit 2).
  @Option({ flags: '-s, --subject <kind:id>', description: 'INSTITUTION:<uscc> or OFFICIAL:<personId>' })
  parseSubject(value: string): string {
    return value;
  }

  @Option({ flags: '-t, --known-at <instant>', description: 'what the system knew at this instant (ISO-8601 with a zone, e.g. 2026-11-22T02:00:00Z)' })
  parseKnownAt(value: string): string {
    return value;
  }

  @Option({ flags: '-f, --format <format>', description: 'table (default) or json', defaultValue: 'table' })
  parseFormat(value: string): string {
    return value;
  }

  @Option({
    flags: '--scan-log',
    description: "find the subject's streams by a pass over the log alone, trusting no projection (default: the read side's index, completed from the log)",
  })
  parseScanLog(): boolean {
    return true;
  }
}

function parseOptions(options: ReplayOptions): { subject: SubjectRef; knownAt?: Date; format: 'table' | 'json' } {
  if (!options.subject) throw new Error('--subject KIND:ID is required, e.g. --subject INSTITUTION:<uscc>');
  const subject = parseSubjectRef(options.subject);
  const knownAt = options.knownAt === undefined ? undefined : parseInstant(options.knownAt);
  if (options.knownAt !== undefined && !knownAt) throw new Error('--known-at must be an ISO-8601 instant with a zone, e.g. 2026-11-22T02:00:00Z');
  if (options.format !== 'table' && options.format !== 'json') throw new Error('--format must be table or json');
  return { subject, knownAt, format: options.format };
}
