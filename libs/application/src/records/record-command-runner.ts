import { Inject, Injectable } from '@nestjs/common';
import { BusinessDate, decideRecord, DomainError, InstitutionState, RecordCommand, RecordState, streamNames } from '@app/domain';
import { Clock, EventLedger } from '@app/event-store';
import { CommandMeta } from '../command-support/command-meta';
import { assertActsFor } from '../command-support/preconditions';
import { CommandOutcome, runOnStream } from '../command-support/run-on-stream';
import { loadInstitution, loadRecord, recordInstitutionUscc } from '../command-support/stream-loaders';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { businessToday, CLOCK } from '../time/clock';

/**
 * Load → decide → append for a command on an existing record stream. The record's institution
 * is folded from its own stream (the decider's cross-stream input), and a `subject` caller must
 * speak for that institution — checked on the state read, before anything is decided.
 */
@Injectable()
export class RecordCommandRunner {
  constructor(
    private readonly ledger: EventLedger,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  run(recordId: string, meta: CommandMeta, command: (today: BusinessDate) => RecordCommand): Promise<CommandOutcome> {
    return runOnStream(
      this.ledger,
      streamNames.record(recordId),
      () => this.load(recordId),
      ({ record, institution }) => {
        if (record.status === 'NONE') throw new DomainError('NOT_FOUND', `record ${recordId} not found`);
        assertActsFor(meta.principal, recordInstitutionUscc(record)!, 'records');
        return decideRecord(command(businessToday(this.clock)), record, { institution, policyProfile: this.config.policyProfile });
      },
      meta,
    );
  }

  private async load(recordId: string): Promise<{ state: { record: RecordState; institution: InstitutionState }; revision: number | 'no_stream' }> {
    const { state, revision } = await loadRecord(this.ledger, recordId);
    const uscc = recordInstitutionUscc(state);
    const institution = uscc ? (await loadInstitution(this.ledger, uscc)).state : ({ status: 'UNREGISTERED' } as const);
    return { state: { record: state, institution }, revision };
  }
}
