import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { generatedId } from '../command-support/command-meta';
import { CommandOutcome } from '../command-support/run-on-stream';
import { ReportRectificationCommand } from './report-rectification.command';
import { RecordCommandRunner } from './record-command-runner';

@CommandHandler(ReportRectificationCommand)
export class ReportRectificationHandler implements ICommandHandler<ReportRectificationCommand, CommandOutcome & { reportId: string }> {
  constructor(private readonly runner: RecordCommandRunner) {}

  async execute({ data, meta }: ReportRectificationCommand): Promise<CommandOutcome & { reportId: string }> {
    const reportId = data.reportId ?? generatedId('report', meta.context, data.recordId);
    const outcome = await this.runner.run(data.recordId, meta, (today) => ({ type: 'ReportRectification', today, data: { ...data, reportId } }));
    return { ...outcome, reportId };
  }
}
