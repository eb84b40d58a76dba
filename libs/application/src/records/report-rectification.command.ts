import type { ReportRectification } from '@app/domain';
import type { CommandMeta } from '../command-support/command-meta';

/** The subject (or the credit office for it) reports that it rectified; reportId is generated. */
export class ReportRectificationCommand {
  constructor(
    readonly data: Omit<ReportRectification['data'], 'reportId'> & { reportId?: string },
    readonly meta: CommandMeta,
  ) {}
}
