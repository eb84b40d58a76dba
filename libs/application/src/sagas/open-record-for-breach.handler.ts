import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { BreachRecordOpener } from '../commitments/breach-record-opener';
import { OpenRecordForBreachCommand } from './open-record-for-breach.command';

/** The same opener the breach request uses: whichever runs first writes the record, once. */
@CommandHandler(OpenRecordForBreachCommand)
export class OpenRecordForBreachHandler implements ICommandHandler<OpenRecordForBreachCommand> {
  constructor(private readonly opener: BreachRecordOpener) {}

  async execute({ breach }: OpenRecordForBreachCommand): Promise<void> {
    await this.opener.open(breach, { sub: 'saga:breach-to-record', role: 'system' });
  }
}
