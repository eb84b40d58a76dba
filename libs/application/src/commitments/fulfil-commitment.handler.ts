import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandOutcome } from '../command-support/run-on-stream';
import { CommitmentCommandRunner } from './commitment-command-runner';
import { FulfilCommitmentCommand } from './fulfil-commitment.command';

@CommandHandler(FulfilCommitmentCommand)
export class FulfilCommitmentHandler implements ICommandHandler<FulfilCommitmentCommand, CommandOutcome> {
  constructor(private readonly runner: CommitmentCommandRunner) {}

  execute({ data, meta }: FulfilCommitmentCommand): Promise<CommandOutcome> {
    return this.runner.run(data.commitmentId, meta, (today) => ({ type: 'FulfilCommitment', today, data }));
  }
}
