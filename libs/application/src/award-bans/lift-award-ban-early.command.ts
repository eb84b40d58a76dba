import type { LiftAwardBanEarly } from '@app/domain';
import type { CommandMeta } from '../command-support/command-meta';

/** Addressed by banId; the ban lives in its record's stream. */
export class LiftAwardBanEarlyCommand {
  constructor(
    readonly data: Omit<LiftAwardBanEarly['data'], 'recordId'>,
    readonly meta: CommandMeta,
  ) {}
}
