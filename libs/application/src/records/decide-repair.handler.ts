import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandOutcome } from '../command-support/run-on-stream';
import { DecideRepairCommand } from './decide-repair.command';
import { RecordCommandRunner } from './record-command-runner';

@CommandHandler(DecideRepairCommand)
export class DecideRepairHandler implements ICommandHandler<DecideRepairCommand, CommandOutcome> {
  constructor(private readonly runner: RecordCommandRunner) {}

  execute({ data, meta }: DecideRepairCommand): Promise<CommandOutcome> {
    return this.runner.run(data.recordId, meta, (today) => ({ type: 'DecideRepair', today, data }));
  }
}
