import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventLedger } from '@app/event-store';
import { decideInstitution, evolveInstitution, initialInstitutionState, InstitutionEvent, streamNames } from '@app/domain';
import { AppendOutcome, loadStream } from '../command-handling/decide-and-append';
import { runOnStream } from '../command-support/run-on-stream';
import { RegisterInstitutionCommand } from './register-institution.command';

@CommandHandler(RegisterInstitutionCommand)
export class RegisterInstitutionHandler implements ICommandHandler<RegisterInstitutionCommand, AppendOutcome> {
  constructor(private readonly ledger: EventLedger) {}

  execute({ data, context, ifMatch }: RegisterInstitutionCommand): Promise<AppendOutcome> {
    const streamId = streamNames.institution(data.uscc);
    return runOnStream(
      this.ledger,
      streamId,
      () => loadStream(this.ledger, streamId, initialInstitutionState, (s, e) => evolveInstitution(s, e as InstitutionEvent)),
      (state) => decideInstitution({ type: 'RegisterInstitution', data }, state),
      { context, ...(ifMatch !== undefined && { ifMatch }) },
    );
  }
}
