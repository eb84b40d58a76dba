import type { RecordDishonesty } from '@app/domain';
import type { CommandMeta } from '../command-support/command-meta';

/** `recordId` is generated when the client gives none. */
export class RecordDishonestyCommand {
  constructor(
    readonly data: Omit<RecordDishonesty['data'], 'recordId'> & { recordId?: string },
    readonly meta: CommandMeta,
  ) {}
}
