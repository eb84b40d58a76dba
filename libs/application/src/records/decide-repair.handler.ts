import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandOutcome } from '../command-support/run-on-stream';
import { DecideRepairCommand } from './decide-repair.command';
import { RecordCommandRunner } from './record-command-runner';

@CommandHandler(DecideRepairCommand)
export class DecideRepairHandler implements ICommandHandler<DecideRepairCommand, CommandOutcome> {
  constructor(private readonly runner: RecordCommandRunner) {}

  execute({ data, meta }: DecideRepairCommand): Promise<CommandOutcome> {
    // A grant is held to the listing a due lapse makes, and delists it; a refusal can always be recorded as the record stands.
    return this.runner.run(data.recordId, meta, (today) => ({ type: 'DecideRepair', today, data }), undefined, undefined, { dueLapseFirst: data.granted === true });
  }
}
