import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandOutcome } from '../command-support/run-on-stream';
import { ReviewRectificationCommand } from './review-rectification.command';
import { RecordCommandRunner } from './record-command-runner';

@CommandHandler(ReviewRectificationCommand)
export class ReviewRectificationHandler implements ICommandHandler<ReviewRectificationCommand, CommandOutcome> {
  constructor(private readonly runner: RecordCommandRunner) {}

  execute({ data, meta }: ReviewRectificationCommand): Promise<CommandOutcome> {
    return this.runner.run(data.recordId, meta, (today) => ({ type: 'ReviewRectification', today, data }));
  }
}
