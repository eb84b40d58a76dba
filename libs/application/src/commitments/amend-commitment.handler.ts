import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandOutcome } from '../command-support/run-on-stream';
import { AmendCommitmentCommand } from './amend-commitment.command';
import { CommitmentCommandRunner } from './commitment-command-runner';

@CommandHandler(AmendCommitmentCommand)
export class AmendCommitmentHandler implements ICommandHandler<AmendCommitmentCommand, CommandOutcome> {
  constructor(private readonly runner: CommitmentCommandRunner) {}

  execute({ data, meta }: AmendCommitmentCommand): Promise<CommandOutcome> {
    return this.runner.run(data.commitmentId, meta, (today) => ({ type: 'AmendCommitment', today, data }));
  }
}
