import type { ApplyForRepair } from '@app/domain';
import type { CommandMeta } from '../command-support/command-meta';

/** 信用修复 application; applicationId is generated when the client gives none. */
export class ApplyForRepairCommand {
  constructor(
    readonly data: Omit<ApplyForRepair['data'], 'applicationId'> & { applicationId?: string },
    readonly meta: CommandMeta,
  ) {}
}
