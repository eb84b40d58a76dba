import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandOutcome, dataOf } from '../command-support/run-on-stream';
import { DecideAccountabilityCommand } from './decide-accountability.command';
import { RecordCommandRunner } from './record-command-runner';

@CommandHandler(DecideAccountabilityCommand)
export class DecideAccountabilityHandler implements ICommandHandler<DecideAccountabilityCommand, CommandOutcome & { obligationId?: string }> {
  constructor(private readonly runner: RecordCommandRunner) {}

  async execute({ data, meta }: DecideAccountabilityCommand): Promise<CommandOutcome & { obligationId?: string }> {
    const outcome = await this.runner.run(data.recordId, meta, (today) => ({ type: 'DecideAccountability', today, data }));
    return { ...outcome, obligationId: dataOf<{ obligationId?: string }>(outcome.events, 'AccountabilityDecided')?.obligationId };
  }
}
