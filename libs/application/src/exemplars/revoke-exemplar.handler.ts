import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideExemplar, streamNames } from '@app/domain';
import { Clock, EventLedger } from '@app/event-store';
import { CommandOutcome, runOnStream } from '../command-support/run-on-stream';
import { loadExemplar } from '../command-support/stream-loaders';
import { businessToday, CLOCK } from '../time/clock';
import { RevokeExemplarCommand } from './revoke-exemplar.command';

@CommandHandler(RevokeExemplarCommand)
export class RevokeExemplarHandler implements ICommandHandler<RevokeExemplarCommand, CommandOutcome> {
  constructor(
    private readonly ledger: EventLedger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ data, meta }: RevokeExemplarCommand): Promise<CommandOutcome> {
    return runOnStream(
      this.ledger,
      streamNames.exemplar(data.exemplarId),
      () => loadExemplar(this.ledger, data.exemplarId),
      (state) =>
        // Revocation reads no cross-stream input; the context only matters to designation.
        decideExemplar({ type: 'RevokeExemplar', today: businessToday(this.clock), data }, state, { subjectKnown: true, records: [] }),
      meta,
    );
  }
}
