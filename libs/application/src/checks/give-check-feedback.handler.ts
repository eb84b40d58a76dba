import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideCheck, DomainError, streamNames } from '@app/domain';
import { Clock, EventLedger } from '@app/event-store';
import { CommandOutcome, runOnStream } from '../command-support/run-on-stream';
import { loadCheck } from '../command-support/stream-loaders';
import { businessToday, CLOCK } from '../time/clock';
import { GiveCheckFeedbackCommand } from './give-check-feedback.command';

@CommandHandler(GiveCheckFeedbackCommand)
export class GiveCheckFeedbackHandler implements ICommandHandler<GiveCheckFeedbackCommand, CommandOutcome> {
  constructor(
    private readonly ledger: EventLedger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ data, meta }: GiveCheckFeedbackCommand): Promise<CommandOutcome> {
    return runOnStream(
      this.ledger,
      streamNames.check(data.checkId),
      async () => {
        const loaded = await loadCheck(this.ledger, data.checkId);
        if (loaded.state.status === 'NONE') throw new DomainError('NOT_FOUND', `no check ${data.checkId}`);
        return loaded;
      },
      (check) => decideCheck({ type: 'GiveCheckFeedback', today: businessToday(this.clock), data }, check, { subjectKnown: true, records: [], commitments: [] }),
      meta,
    );
  }
}
