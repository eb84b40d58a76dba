import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandOutcome } from '../command-support/run-on-stream';
import { DecideObjectionCommand } from './decide-objection.command';
import { RecordCommandRunner } from './record-command-runner';

@CommandHandler(DecideObjectionCommand)
export class DecideObjectionHandler implements ICommandHandler<DecideObjectionCommand, CommandOutcome> {
  constructor(private readonly runner: RecordCommandRunner) {}

  execute({ data, meta }: DecideObjectionCommand): Promise<CommandOutcome> {
    return this.runner.run(data.recordId, meta, (today) => ({ type: 'DecideObjection', today, data }));
  }
}
