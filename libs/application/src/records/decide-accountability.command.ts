import type { DecideAccountability } from '@app/domain';
import type { CommandMeta } from '../command-support/command-meta';

/** A discipline body decides a measure for a person; it closes that person's open obligation. */
export class DecideAccountabilityCommand {
  constructor(
    readonly data: DecideAccountability['data'],
    readonly meta: CommandMeta,
  ) {}
}
