import type { DesignateExemplar } from '@app/domain';
import type { CommandMeta } from '../command-support/command-meta';

/** `exemplarId` is generated when the client gives none. */
export class DesignateExemplarCommand {
  constructor(
    readonly data: Omit<DesignateExemplar['data'], 'exemplarId'> & { exemplarId?: string },
    readonly meta: CommandMeta,
  ) {}
}
