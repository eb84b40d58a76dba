import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandOutcome } from '../command-support/run-on-stream';
import { DecideMitigationCommand } from './decide-mitigation.command';
import { RecordCommandRunner } from './record-command-runner';

@CommandHandler(DecideMitigationCommand)
export class DecideMitigationHandler implements ICommandHandler<DecideMitigationCommand, CommandOutcome> {
  constructor(private readonly runner: RecordCommandRunner) {}

  execute({ data, meta }: DecideMitigationCommand): Promise<CommandOutcome> {
    return this.runner.run(data.recordId, meta, (today) => ({ type: 'DecideMitigation', today, data }));
  }
}
