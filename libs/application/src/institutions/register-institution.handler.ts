import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventLedger } from '@app/event-store';
import { decideInstitution, isValidUscc, streamNames } from '@app/domain';
import { AppendOutcome } from '../command-handling/decide-and-append';
import { runOnStream } from '../command-support/run-on-stream';
import { loadInstitution } from '../command-support/stream-loaders';
import { RegisterInstitutionCommand } from './register-institution.command';

@CommandHandler(RegisterInstitutionCommand)
export class RegisterInstitutionHandler implements ICommandHandler<RegisterInstitutionCommand, AppendOutcome> {
  constructor(private readonly ledger: EventLedger) {}

  execute({ data, context, ifMatch }: RegisterInstitutionCommand): Promise<AppendOutcome> {
    const streamId = streamNames.institution(data.uscc);
    const { parentUscc } = data;
    return runOnStream(
      this.ledger,
      streamId,
      async () => {
        const { state, revision } = await loadInstitution(this.ledger, data.uscc);
        // The parent must be registered: its state is read, not appended to (a registration is never
        // undone). A malformed parentUscc is the decider's 400, so no stream is read for it.
        const parent = isValidUscc(parentUscc) ? (await loadInstitution(this.ledger, parentUscc)).state : undefined;
        return { state: { institution: state, parent }, revision };
      },
      ({ institution, parent }) => decideInstitution({ type: 'RegisterInstitution', data }, institution, { parent }),
      { context, ...(ifMatch !== undefined && { ifMatch }) },
    );
  }
}
