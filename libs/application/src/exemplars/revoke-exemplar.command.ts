import type { RevokeExemplar } from '@app/domain';
import type { CommandMeta } from '../command-support/command-meta';

export class RevokeExemplarCommand {
  constructor(
    readonly data: RevokeExemplar['data'],
    readonly meta: CommandMeta,
  ) {}
}
