import type { OrderRectification } from '@app/domain';
import type { CommandMeta } from '../command-support/command-meta';

/** Orders rectification by a deadline (institution records only, one open order at a time). */
export class OrderRectificationCommand {
  constructor(
    readonly data: OrderRectification['data'],
    readonly meta: CommandMeta,
  ) {}
}
