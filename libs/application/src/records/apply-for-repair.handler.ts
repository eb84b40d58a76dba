import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { generatedId } from '../command-support/command-meta';
import { CommandOutcome } from '../command-support/run-on-stream';
import { ApplyForRepairCommand } from './apply-for-repair.command';
import { RecordCommandRunner } from './record-command-runner';

@CommandHandler(ApplyForRepairCommand)
export class ApplyForRepairHandler implements ICommandHandler<ApplyForRepairCommand, CommandOutcome & { applicationId: string }> {
  constructor(private readonly runner: RecordCommandRunner) {}

  async execute({ data, meta }: ApplyForRepairCommand): Promise<CommandOutcome & { applicationId: string }> {
    const applicationId = data.applicationId ?? generatedId('repair', meta.context, data.recordId);
    // The application is judged on the listing a due lapse makes (its minimum period sets the earliest day).
    const outcome = await this.runner.run(data.recordId, meta, (today) => ({ type: 'ApplyForRepair', today, data: { ...data, applicationId } }), undefined, undefined, {
      dueLapseFirst: true,
    });
    return { ...outcome, applicationId };
  }
}
