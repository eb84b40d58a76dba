import type { GiveCheckFeedback } from '@app/domain';
import type { CommandMeta } from '../command-support/command-meta';

/** 联合奖惩 feedback: every measure the check returned, applied or not applied with a reason. */
export class GiveCheckFeedbackCommand {
  constructor(
    readonly data: GiveCheckFeedback['data'],
    readonly meta: CommandMeta,
  ) {}
}
