import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandOutcome, dataOf } from '../command-support/run-on-stream';
import { OrderRectificationCommand } from './order-rectification.command';
import { RecordCommandRunner } from './record-command-runner';

@CommandHandler(OrderRectificationCommand)
export class OrderRectificationHandler implements ICommandHandler<OrderRectificationCommand, CommandOutcome & { orderId?: string }> {
  constructor(private readonly runner: RecordCommandRunner) {}

  async execute({ data, meta }: OrderRectificationCommand): Promise<CommandOutcome & { orderId?: string }> {
    const outcome = await this.runner.run(data.recordId, meta, (today) => ({ type: 'OrderRectification', today, data }));
    return { ...outcome, orderId: dataOf<{ orderId?: string }>(outcome.events, 'RectificationOrdered')?.orderId };
  }
}
