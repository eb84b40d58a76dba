import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { isValidPersonId } from '@app/domain';
import { CommandOutcome, dataOf } from '../command-support/run-on-stream';
import { StreamIndex } from '../stream-index/stream-index';
import { DecideAccountabilityCommand } from './decide-accountability.command';
import { RecordCommandRunner } from './record-command-runner';

@CommandHandler(DecideAccountabilityCommand)
export class DecideAccountabilityHandler implements ICommandHandler<DecideAccountabilityCommand, CommandOutcome & { obligationId?: string }> {
  constructor(
    private readonly runner: RecordCommandRunner,
    private readonly index: StreamIndex,
  ) {}

  async execute({ data, meta }: DecideAccountabilityCommand): Promise<CommandOutcome & { obligationId?: string }> {
    const { personId } = data;
    const outcome = await this.runner.run(
      data.recordId,
      meta,
      (today) => ({ type: 'DecideAccountability', today, data }),
      // The person must be a registered official, wherever they serve: looked up in the log's
      // officials index, read not appended to. A malformed personId is the decider's 400.
      async () => {
        const institutionUscc = isValidPersonId(personId) ? await this.index.officialInstitution(personId) : undefined;
        return { existingOfficial: institutionUscc !== undefined ? { personId, institutionUscc } : null };
      },
    );
    return { ...outcome, obligationId: dataOf<{ obligationId?: string }>(outcome.events, 'AccountabilityDecided')?.obligationId };
  }
}
