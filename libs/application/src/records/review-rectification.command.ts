import type { ReviewRectification } from '@app/domain';
import type { CommandMeta } from '../command-support/command-meta';

/** The credit office accepts or rejects a rectification report. */
export class ReviewRectificationCommand {
  constructor(
    readonly data: ReviewRectification['data'],
    readonly meta: CommandMeta,
  ) {}
}
