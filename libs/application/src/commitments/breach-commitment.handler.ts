import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  CommitmentBreached,
  CommitmentEvent,
  decideRecord,
  evolveCommitment,
  initialRecordState,
  MadeCommitment,
  recordCommandForBreach,
  streamNames,
} from '@app/domain';
import { EventLedger } from '@app/event-store';
import { generatedId } from '../command-support/command-meta';
import { CommandOutcome, dataOf } from '../command-support/run-on-stream';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { BreachCommitmentCommand } from './breach-commitment.command';
import { BreachRecordOpener } from './breach-record-opener';
import { CommitmentCommandRunner } from './commitment-command-runner';

export interface BreachOutcome extends CommandOutcome {
  commitmentId: string;
  recordId: string;
}

/** Breach, then the record it opens; `position` is that of the record, the command's last event. */
@CommandHandler(BreachCommitmentCommand)
export class BreachCommitmentHandler implements ICommandHandler<BreachCommitmentCommand, BreachOutcome> {
  constructor(
    private readonly runner: CommitmentCommandRunner,
    private readonly opener: BreachRecordOpener,
    private readonly ledger: EventLedger,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async execute({ data, meta }: BreachCommitmentCommand): Promise<BreachOutcome> {
    const recordId = generatedId('rec', meta.context, data.commitmentId);
    const breach = await this.runner.run(
      data.commitmentId,
      meta,
      (today) => ({ type: 'BreachCommitment', today, data: { ...data, recordId } }),
      (events, { commitment, institution }, today) => {
        // The record must be acceptable before the breach is written, so a breach never stands without it.
        const breached = dataOf<CommitmentBreached['data']>(events, 'CommitmentBreached')!;
        const command = recordCommandForBreach(commitment as MadeCommitment, breached, today);
        // Checked against the commitment as the opener will see it: breached by these events.
        const afterBreach = (events as CommitmentEvent[]).reduce(evolveCommitment, commitment);
        decideRecord(command, initialRecordState(), { institution, policyProfile: this.config.policyProfile, commitment: afterBreach });
      },
    );
    const [breachEvent] = await this.ledger.readStream(streamNames.commitment(data.commitmentId), breach.revision);
    const record = await this.opener.open(breachEvent, meta.context.actor);
    return {
      ...record,
      positions: [...breach.positions, ...record.positions],
      replayed: breach.replayed && record.replayed,
      commitmentId: data.commitmentId,
      recordId: record.recordId,
    };
  }
}
