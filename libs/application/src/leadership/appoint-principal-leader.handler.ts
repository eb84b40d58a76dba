import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventLedger } from '@app/event-store';
import { decideInstitution, streamNames } from '@app/domain';
import { assertValidUscc } from '../command-support/preconditions';
import { CommandOutcome, runOnStream } from '../command-support/run-on-stream';
import { loadInstitution } from '../command-support/stream-loaders';
import { StreamIndex } from '../stream-index/stream-index';
import { PersonRegistrationLock } from './person-registration-lock';
import { AppointPrincipalLeaderCommand } from './appoint-principal-leader.command';

@CommandHandler(AppointPrincipalLeaderCommand)
export class AppointPrincipalLeaderHandler implements ICommandHandler<AppointPrincipalLeaderCommand, CommandOutcome> {
  constructor(
    private readonly ledger: EventLedger,
    private readonly index: StreamIndex,
    private readonly personLock: PersonRegistrationLock,
  ) {}

  execute({ data, meta }: AppointPrincipalLeaderCommand): Promise<CommandOutcome> {
    assertValidUscc('uscc', data.uscc);
    // A registration at another institution is in another stream: no revision check sees it.
    return this.personLock.run(data.personId, () =>
      runOnStream(
        this.ledger,
        streamNames.institution(data.uscc),
        async () => {
          const { state, revision } = await loadInstitution(this.ledger, data.uscc);
          // A person known at another institution is not registered a second time, and is appointed under the name registered there.
          const elsewhere = await this.index.officialInstitution(data.personId);
          const there = elsewhere && elsewhere !== data.uscc ? (await loadInstitution(this.ledger, elsewhere)).state : undefined;
          const name = there?.status === 'REGISTERED' ? there.officials[data.personId]?.name : undefined;
          return { state: { institution: state, elsewhere, name }, revision };
        },
        ({ institution, elsewhere, name }) =>
          decideInstitution({ type: 'AppointPrincipalLeader', data }, institution, {
            existingOfficial: elsewhere ? { personId: data.personId, institutionUscc: elsewhere, ...(name !== undefined && { name }) } : null,
          }),
        meta,
      ),
    );
  }
}
