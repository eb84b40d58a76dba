import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { generatedId } from '../command-support/command-meta';
import { CommandOutcome } from '../command-support/run-on-stream';
import { FileObjectionCommand } from './file-objection.command';
import { RecordCommandRunner } from './record-command-runner';

@CommandHandler(FileObjectionCommand)
export class FileObjectionHandler implements ICommandHandler<FileObjectionCommand, CommandOutcome & { objectionId: string }> {
  constructor(private readonly runner: RecordCommandRunner) {}

  async execute({ data, meta }: FileObjectionCommand): Promise<CommandOutcome & { objectionId: string }> {
    const objectionId = data.objectionId ?? generatedId('obj', meta.context, data.recordId);
    const outcome = await this.runner.run(data.recordId, meta, (today) => ({ type: 'FileObjection', today, data: { ...data, objectionId } }));
    return { ...outcome, objectionId };
  }
}
