import type { FileObjection } from '@app/domain';
import type { CommandMeta } from '../command-support/command-meta';

/** 异议 against a record; objectionId is generated when the client gives none. */
export class FileObjectionCommand {
  constructor(
    readonly data: Omit<FileObjection['data'], 'objectionId'> & { objectionId?: string },
    readonly meta: CommandMeta,
  ) {}
}
