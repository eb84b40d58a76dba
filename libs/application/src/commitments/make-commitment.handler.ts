import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, EventLedger } from '@app/event-store';
import { decideCommitment, streamNames } from '@app/domain';
import { generatedId } from '../command-support/command-meta';
import { CommandOutcome, runOnStream } from '../command-support/run-on-stream';
import { loadCommitment, loadInstitution } from '../command-support/stream-loaders';
import { businessToday, CLOCK } from '../time/clock';
import { MakeCommitmentCommand } from './make-commitment.command';

export interface CommitmentOutcome extends CommandOutcome {
  commitmentId: string;
}

@CommandHandler(MakeCommitmentCommand)
export class MakeCommitmentHandler implements ICommandHandler<MakeCommitmentCommand, CommitmentOutcome> {
  constructor(
    private readonly ledger: EventLedger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ data, meta }: MakeCommitmentCommand): Promise<CommitmentOutcome> {
    const commitmentId = data.commitmentId ?? generatedId('cmt', meta.context);
    const outcome = await runOnStream(
      this.ledger,
      streamNames.commitment(commitmentId),
      async () => {
        const { state, revision } = await loadCommitment(this.ledger, commitmentId);
        // The signatory rule needs the institution's leadership on madeOn.
        const institution = (await loadInstitution(this.ledger, data.institutionUscc)).state;
        return { state: { commitment: state, institution }, revision };
      },
      ({ commitment, institution }) =>
        decideCommitment(
          { type: 'MakeCommitment', today: businessToday(this.clock), data: { ...data, commitmentId } },
          commitment,
          { institution },
        ),
      meta,
    );
    return { ...outcome, commitmentId };
  }
}
