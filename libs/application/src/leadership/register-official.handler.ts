import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventLedger } from '@app/event-store';
import { decideInstitution, streamNames } from '@app/domain';
import { assertValidUscc } from '../command-support/preconditions';
import { CommandOutcome, runOnStream } from '../command-support/run-on-stream';
import { loadInstitution } from '../command-support/stream-loaders';
import { StreamIndex } from '../stream-index/stream-index';
import { PersonRegistrationLock } from './person-registration-lock';
import { RegisterOfficialCommand } from './register-official.command';

/** The official lives in the stream of the institution where they serve; personIds are unique system-wide. */
@CommandHandler(RegisterOfficialCommand)
export class RegisterOfficialHandler implements ICommandHandler<RegisterOfficialCommand, CommandOutcome> {
  constructor(
    private readonly ledger: EventLedger,
    private readonly index: StreamIndex,
    private readonly personLock: PersonRegistrationLock,
  ) {}

  execute({ data, meta }: RegisterOfficialCommand): Promise<CommandOutcome> {
    assertValidUscc('institutionUscc', data.institutionUscc);
    // A registration at another institution is in another stream: no revision check sees it.
    return this.personLock.run(data.personId, () =>
      runOnStream(
        this.ledger,
        streamNames.institution(data.institutionUscc),
        async () => {
          const { state, revision } = await loadInstitution(this.ledger, data.institutionUscc);
          const elsewhere = await this.index.officialInstitution(data.personId);
          return { state: { institution: state, elsewhere }, revision };
        },
        ({ institution, elsewhere }) =>
          decideInstitution({ type: 'RegisterOfficial', data }, institution, {
            existingOfficial: elsewhere ? { personId: data.personId, institutionUscc: elsewhere } : null,
          }),
        meta,
      ),
    );
  }
}
