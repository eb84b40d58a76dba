import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideRecord, isValidEntityId, streamNames } from '@app/domain';
import { Clock, EventLedger } from '@app/event-store';
import { generatedId } from '../command-support/command-meta';
import { CommandOutcome, runOnStream } from '../command-support/run-on-stream';
import { loadCommitment, loadInstitution, loadRecord } from '../command-support/stream-loaders';
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
    const { commitmentId } = data;
    const outcome = await runOnStream(
      this.ledger,
      streamNames.record(recordId),
      async () => {
        const { state, revision } = await loadRecord(this.ledger, recordId);
        const institution = (await loadInstitution(this.ledger, String(uscc))).state;
        // The commitment named must exist and be the institution's: its state is read, not appended
        // to. A malformed commitmentId is the decider's 400, so no stream is read for it.
        const commitment = isValidEntityId(commitmentId) ? (await loadCommitment(this.ledger, commitmentId)).state : undefined;
        return { state: { record: state, institution, commitment }, revision };
      },
      ({ record, institution, commitment }) =>
        decideRecord({ type: 'RecordDishonesty', today: businessToday(this.clock), data: { ...data, recordId } }, record, {
          institution,
          policyProfile: this.config.policyProfile,
          commitment,
        }),
      meta,
    );
    return { ...outcome, recordId };
  }
}
