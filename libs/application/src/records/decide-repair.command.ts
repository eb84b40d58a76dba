import type { DecideRepair } from '@app/domain';
import type { CommandMeta } from '../command-support/command-meta';

/** A grant ends publication and delists; the award ban runs on. */
export class DecideRepairCommand {
  constructor(
    readonly data: DecideRepair['data'],
    readonly meta: CommandMeta,
  ) {}
}
