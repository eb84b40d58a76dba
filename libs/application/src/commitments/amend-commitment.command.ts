import type { AmendCommitment } from '@app/domain';
import type { CommandMeta } from '../command-support/command-meta';

export class AmendCommitmentCommand {
  constructor(
    readonly data: AmendCommitment['data'],
    readonly meta: CommandMeta,
  ) {}
}
