import type { MakeCommitment } from '@app/domain';
import type { CommandMeta } from '../command-support/command-meta';

/** `commitmentId` is generated when the client gives none. */
export class MakeCommitmentCommand {
  constructor(
    readonly data: Omit<MakeCommitment['data'], 'commitmentId'> & { commitmentId?: string },
    readonly meta: CommandMeta,
  ) {}
}
