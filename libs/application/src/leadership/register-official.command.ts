import type { RegisterOfficial } from '@app/domain';
import type { CommandMeta } from '../command-support/command-meta';

export class RegisterOfficialCommand {
  constructor(
    readonly data: RegisterOfficial['data'],
    readonly meta: CommandMeta,
  ) {}
}
