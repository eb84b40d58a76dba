import type { DecideObjection } from '@app/domain';
import type { CommandMeta } from '../command-support/command-meta';

/** One of the four outcomes, each consequence its own event. */
export class DecideObjectionCommand {
  constructor(
    readonly data: DecideObjection['data'],
    readonly meta: CommandMeta,
  ) {}
}
