import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { BusinessDate, decideRecord, DomainError, InstitutionState, lapseDueOn, RecordCommand, RecordDecisionContext, RecordState, streamNames, withDueLapse } from '@app/domain';
import { Clock, EventLedger } from '@app/event-store';
import { CommandMeta } from '../command-support/command-meta';
import { assertActsForRecord } from '../command-support/preconditions';
import { CommandOutcome, runOnStream } from '../command-support/run-on-stream';
import { loadInstitution, loadRecord, recordInstitutionUscc } from '../command-support/stream-loaders';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { LapseOutcome, LapseRectificationCommand } from '../deadlines/lapse-rectification.command';
import { ProblemException } from '../http/problem';
import { businessToday, CLOCK } from '../time/clock';

/** Cross-stream inputs a command adds to the record's institution (read, never appended to). */
export type ExtraRecordContext = Pick<RecordDecisionContext, 'existingOfficial'>;

/**
 * Load → decide → append for a command on an existing record stream. The record's institution
 * is folded from its own stream (the decider's cross-stream input), and a `subject` caller must
 * speak for the institution the record is about — checked on the state read, before anything is
 * decided and before an `If-Match` revision is compared (a 412 would tell another's revision). A command
 * may load more context with `loadContext`, read again on every retry with the record.
 */
@Injectable()
export class RecordCommandRunner {
  constructor(
    private readonly ledger: EventLedger,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly commands: CommandBus,
  ) {}

  async run(
    recordId: string,
    meta: CommandMeta,
    command: (today: BusinessDate) => RecordCommand,
    loadContext: () => Promise<ExtraRecordContext> = async () => ({}),
    /** The refusal when the record does not exist (a command addressed by another id, e.g. a ban's, names that). */
    notFound: () => DomainError = () => new DomainError('NOT_FOUND', `record ${recordId} not found`),
    /** The command reads the record's listing (a repair): a lapse due but not yet written is written first. */
    options: { dueLapseFirst?: boolean } = {},
  ): Promise<CommandOutcome> {
    if (options.dueLapseFirst) await this.writeDueLapse(recordId, meta, command, loadContext);
    return runOnStream(
      this.ledger,
      streamNames.record(recordId),
      async () => {
        const loaded = await this.load(recordId, loadContext);
        // Before If-Match is compared with the revision: a subject learns nothing of another's record.
        if (loaded.state.record.status !== 'NONE') assertActsForRecord(meta.principal, loaded.state.record);
        return loaded;
      },
      ({ record, institution, extra }) => {
        if (record.status === 'NONE') throw notFound();
        return decideRecord(command(businessToday(this.clock)), record, { ...extra, institution, policyProfile: this.config.policyProfile });
      },
      meta,
    );
  }

  /**
   * A lapse is effective deadline + 1 whenever it is noticed (domain.md §4.4): a repair decided
   * between the deadline and the watcher's sweep must see the listing the lapse makes (its minimum
   * period sets the earliest repair day, and a grant delists it). The command is decided first on
   * the record with the due lapse folded in: a refusal is the answer and nothing is written.
   * Accepted, the lapse is written as the watcher writes it (once per record, whoever comes first),
   * and the command then runs on the record as it stands — under If-Match it is 412 with the new
   * revision instead (the client reads the record with its lapse, and retries). Not for a retry
   * answered from the log.
   */
  private async writeDueLapse(recordId: string, meta: CommandMeta, command: (today: BusinessDate) => RecordCommand, loadContext: () => Promise<ExtraRecordContext>): Promise<void> {
    if (!meta.newCommandId && (await this.ledger.previousAppend(streamNames.record(recordId), meta.context)) !== undefined) return;
    const { state, revision } = await this.load(recordId, loadContext);
    const { record, institution, extra } = state;
    // A record that does not exist is the run's 404; another's record its 403.
    if (record.status === 'NONE') return;
    assertActsForRecord(meta.principal, record);
    const today = businessToday(this.clock);
    const due = lapseDueOn(record, today);
    if (!due) return;
    const context: RecordDecisionContext = { ...extra, institution, policyProfile: this.config.policyProfile };
    decideRecord(command(today), withDueLapse(record, today, context), context);
    const lapse = await this.commands.execute<LapseRectificationCommand, LapseOutcome>(new LapseRectificationCommand(recordId, due.orderId));
    // Under If-Match the revision the client read is not the record's any more: 412 with the one
    // it is now (a read shows the lapse), as for any change made since; the command is not run.
    if (meta.ifMatch !== undefined && lapse.lapsed) {
      const now = await loadRecord(this.ledger, recordId);
      throw new ProblemException(
        412,
        'PRECONDITION_FAILED',
        `order ${due.orderId} lapsed on ${due.effectiveOn} (its deadline ${due.deadline} passed without an on-time rectification): the lapse was recorded first, so If-Match "${meta.ifMatch}" (revision "${String(revision)}" as read) is not the record's current revision`,
        { currentRevision: now.revision === 'no_stream' ? null : now.revision, lapsedOn: due.effectiveOn },
      );
    }
  }

  private async load(
    recordId: string,
    loadContext: () => Promise<ExtraRecordContext>,
  ): Promise<{ state: { record: RecordState; institution: InstitutionState; extra: ExtraRecordContext }; revision: number | 'no_stream' }> {
    const { state, revision } = await loadRecord(this.ledger, recordId);
    const uscc = recordInstitutionUscc(state);
    const institution = uscc ? (await loadInstitution(this.ledger, uscc)).state : ({ status: 'UNREGISTERED' } as const);
    // Nothing more is read for a record that does not exist: that is the 404 decided above.
    const extra = state.status === 'NONE' ? {} : await loadContext();
    return { state: { record: state, institution, extra }, revision };
  }
}
