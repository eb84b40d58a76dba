import { Inject, Injectable } from '@nestjs/common';
import { BusinessDate, CommitmentCommand, CommitmentState, decideCommitment, InstitutionState, streamNames } from '@app/domain';
import { Clock, EventLedger } from '@app/event-store';
import { CommandMeta } from '../command-support/command-meta';
import { CommandOutcome, Decided, runOnStream } from '../command-support/run-on-stream';
import { loadCommitment, loadInstitution } from '../command-support/stream-loaders';
import { businessToday, CLOCK } from '../time/clock';

export interface CommitmentWithInstitution {
  commitment: CommitmentState;
  institution: InstitutionState;
}

/** Load → decide → append for a command on an existing commitment (registrar and credit-office only). */
@Injectable()
export class CommitmentCommandRunner {
  constructor(
    private readonly ledger: EventLedger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  run(
    commitmentId: string,
    meta: CommandMeta,
    command: (today: BusinessDate) => CommitmentCommand,
    afterDecision: (events: Decided[], loaded: CommitmentWithInstitution, today: BusinessDate) => void = () => undefined,
  ): Promise<CommandOutcome> {
    return runOnStream(
      this.ledger,
      streamNames.commitment(commitmentId),
      () => this.load(commitmentId),
      (loaded) => {
        const today = businessToday(this.clock);
        const events = decideCommitment(command(today), loaded.commitment, { institution: loaded.institution });
        afterDecision(events, loaded, today);
        return events;
      },
      meta,
    );
  }

  private async load(commitmentId: string): Promise<{ state: CommitmentWithInstitution; revision: number | 'no_stream' }> {
    const { state, revision } = await loadCommitment(this.ledger, commitmentId);
    const institution =
      state.status === 'MADE' ? (await loadInstitution(this.ledger, state.institutionUscc)).state : ({ status: 'UNREGISTERED' } as const);
    return { state: { commitment: state, institution }, revision };
  }
}
