import type { DecideMitigation } from '@app/domain';
import type { CommandMeta } from '../command-support/command-meta';

/** 从轻或免于惩戒 for an official's record. */
export class DecideMitigationCommand {
  constructor(
    readonly data: DecideMitigation['data'],
    readonly meta: CommandMeta,
  ) {}
}
