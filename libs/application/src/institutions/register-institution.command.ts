import type { CommandContext } from '@app/event-store';
import type { RegisterInstitution } from '@app/domain';

export class RegisterInstitutionCommand {
  constructor(
    readonly data: RegisterInstitution['data'],
    readonly context: CommandContext,
    /** The `If-Match` revision, if the request sent one: registering creates the stream, so any revision fails (412). */
    readonly ifMatch?: number,
  ) {}
}
