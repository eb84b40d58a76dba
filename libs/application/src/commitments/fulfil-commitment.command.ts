import type { FulfilCommitment } from '@app/domain';
import type { CommandMeta } from '../command-support/command-meta';

export class FulfilCommitmentCommand {
  constructor(
    readonly data: FulfilCommitment['data'],
    readonly meta: CommandMeta,
  ) {}
}
