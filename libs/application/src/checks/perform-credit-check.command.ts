import type { PerformCreditCheck } from '@app/domain';
import type { CommandMeta } from '../command-support/command-meta';

/** 逢审必查: an approver checks a subject for a matter; checkId is generated when not given. */
export class PerformCreditCheckCommand {
  constructor(
    readonly data: Omit<PerformCreditCheck['data'], 'checkId'> & { checkId?: string },
    readonly meta: CommandMeta,
  ) {}
}
