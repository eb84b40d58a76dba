import { Inject, Injectable } from '@nestjs/common';
import { BusinessDate, decideRecord, DomainError, InstitutionState, RecordCommand, RecordDecisionContext, RecordState, streamNames } from '@app/domain';
import { Clock, EventLedger } from '@app/event-store';
import { CommandMeta } from '../command-support/command-meta';
import { assertActsForRecord } from '../command-support/preconditions';
import { CommandOutcome, runOnStream } from '../command-support/run-on-stream';
import { loadInstitution, loadRecord, recordInstitutionUscc } from '../command-support/stream-loaders';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
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
  ) {}

  run(
    recordId: string,
    meta: CommandMeta,
    command: (today: BusinessDate) => RecordCommand,
    loadContext: () => Promise<ExtraRecordContext> = async () => ({}),
    /** The refusal when the record does not exist (a command addressed by another id, e.g. a ban's, names that). */
    notFound: () => DomainError = () => new DomainError('NOT_FOUND', `record ${recordId} not found`),
  ): Promise<CommandOutcome> {
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
