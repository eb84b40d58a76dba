import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError, recordIdFromBanId } from '@app/domain';
import { CommandOutcome } from '../command-support/run-on-stream';
import { RecordCommandRunner } from '../records/record-command-runner';
import { LiftAwardBanEarlyCommand } from './lift-award-ban-early.command';

@CommandHandler(LiftAwardBanEarlyCommand)
export class LiftAwardBanEarlyHandler implements ICommandHandler<LiftAwardBanEarlyCommand, CommandOutcome & { recordId: string }> {
  constructor(private readonly runner: RecordCommandRunner) {}

  async execute({ data, meta }: LiftAwardBanEarlyCommand): Promise<CommandOutcome & { recordId: string }> {
    const banNotFound = () => new DomainError('AWARD_BAN_NOT_FOUND', `award ban ${data.banId} not found`);
    const recordId = recordIdFromBanId(data.banId);
    if (!recordId) throw banNotFound();
    // A ban id names its record (ban-{recordId}): no such record, no such ban — the same 404 as any unknown ban id.
    const outcome = await this.runner.run(recordId, meta, (today) => ({ type: 'LiftAwardBanEarly', today, data: { ...data, recordId } }), undefined, banNotFound);
    return { ...outcome, recordId };
  }
}
