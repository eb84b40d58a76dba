import type { CommandContext } from '@app/event-store';
import type { RegisterInstitution } from '@app/domain';

export class RegisterInstitutionCommand {
  constructor(
    readonly data: RegisterInstitution['data'],
    readonly context: CommandContext,
  ) {}
}
