import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideRecord, streamNames } from '@app/domain';
import { Clock, EventLedger } from '@app/event-store';
import { generatedId } from '../command-support/command-meta';
import { CommandOutcome, runOnStream } from '../command-support/run-on-stream';
import { loadInstitution, loadRecord } from '../command-support/stream-loaders';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { businessToday, CLOCK } from '../time/clock';
import { RecordDishonestyCommand } from './record-dishonesty.command';

export interface RecordOutcome extends CommandOutcome {
  recordId: string;
}

@CommandHandler(RecordDishonestyCommand)
export class RecordDishonestyHandler implements ICommandHandler<RecordDishonestyCommand, RecordOutcome> {
  constructor(
    private readonly ledger: EventLedger,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async execute({ data, meta }: RecordDishonestyCommand): Promise<RecordOutcome> {
    const recordId = data.recordId ?? generatedId('rec', meta.context);
    // The subject must exist: the institution, or the official at the institution named.
    const uscc = data.subject?.kind === 'OFFICIAL' ? data.subject.institutionUscc : data.subject?.id;
    const outcome = await runOnStream(
      this.ledger,
      streamNames.record(recordId),
      async () => {
        const { state, revision } = await loadRecord(this.ledger, recordId);
        const institution = (await loadInstitution(this.ledger, String(uscc))).state;
        return { state: { record: state, institution }, revision };
      },
      ({ record, institution }) =>
        decideRecord({ type: 'RecordDishonesty', today: businessToday(this.clock), data: { ...data, recordId } }, record, {
          institution,
          policyProfile: this.config.policyProfile,
        }),
      meta,
    );
    return { ...outcome, recordId };
  }
}
