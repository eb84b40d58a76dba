import type { AppointPrincipalLeader } from '@app/domain';
import type { CommandMeta } from '../command-support/command-meta';

export class AppointPrincipalLeaderCommand {
  constructor(
    readonly data: AppointPrincipalLeader['data'],
    readonly meta: CommandMeta,
  ) {}
}
