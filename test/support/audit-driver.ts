import { randomUUID } from 'node:crypto';
import {
  businessToday,
  decideAndAppend,
  loadStream,
  ManualClock,
} from '@app/application';
import {
  CheckCommand,
  CheckEvent,
  CommitmentCommand,
  CommitmentEvent,
  CommitmentState,
  decideCheck,
  decideCommitment,
  decideExemplar,
  decideInstitution,
  decideRecord,
  DomainError,
  evolveCheck,
  evolveCommitment,
  evolveExemplar,
  evolveInstitution,
  evolveRecord,
  ExemplarCommand,
  ExemplarEvent,
  initialCheckState,
  initialCommitmentState,
  initialExemplarState,
  initialInstitutionState,
  initialRecordState,
  InstitutionCommand,
  InstitutionEvent,
  InstitutionState,
  RecordCommand,
  RecordEvent,
  RecordState,
  recordCommandForBreach,
  streamNames,
} from '@app/domain';
import { EventLedger, StoredEvent } from '@app/event-store';

type Role = 'registrar' | 'credit-office' | 'subject' | 'discipline' | 'approver';

/** What one command appended. */
export interface Appended {
  positions: number[];
  events: StoredEvent[];
}

/**
 * Drives the domain through its deciders and the app's own EventLedger (load → decide → append
 * with the revision read), as the command handlers do. The audit tests use it for the commands
 * that have no HTTP endpoint yet; every event it writes is one the domain would write.
 */
export class AuditDriver {
  constructor(
    private readonly ledger: EventLedger,
    private readonly clock: ManualClock,
  ) {}

  get today(): string {
    return businessToday(this.clock);
  }

  private async run<S, E extends { type: string; data: object }>(
    streamId: string,
    initial: () => S,
    evolve: (state: S, event: E) => S,
    decide: (state: S) => E[],
    role: Role,
    causationId?: string,
  ): Promise<Appended> {
    const commandId = randomUUID();
    const outcome = await decideAndAppend(
      this.ledger,
      streamId,
      () => loadStream(this.ledger, streamId, initial, (s, e) => evolve(s, e as unknown as E)),
      (state) => decide(state) as never,
      { commandId, actor: { sub: `audit-test-${role}`, role }, ...(causationId && { causationId }) },
    );
    const events = (await this.ledger.readStream(streamId)).filter((e) => outcome.positions.includes(e.position));
    return { positions: outcome.positions, events };
  }

  private async institutionState(uscc: string): Promise<InstitutionState> {
    const { state } = await loadStream(this.ledger, streamNames.institution(uscc), initialInstitutionState, (s, e) =>
      evolveInstitution(s, e as InstitutionEvent),
    );
    return state;
  }

  async recordState(recordId: string): Promise<RecordState> {
    const { state } = await loadStream(this.ledger, streamNames.record(recordId), initialRecordState, (s, e) => evolveRecord(s, e as RecordEvent));
    return state;
  }

  async commitmentState(commitmentId: string): Promise<CommitmentState> {
    const { state } = await loadStream(this.ledger, streamNames.commitment(commitmentId), initialCommitmentState, (s, e) =>
      evolveCommitment(s, e as CommitmentEvent),
    );
    return state;
  }

  institution(uscc: string, command: InstitutionCommand): Promise<Appended> {
    return this.run(streamNames.institution(uscc), initialInstitutionState, evolveInstitution, (s) => decideInstitution(command, s), 'registrar');
  }

  async commitment(commitmentId: string, command: CommitmentCommand, role: Role = 'registrar'): Promise<Appended> {
    const institution = await this.institutionState(command.type === 'MakeCommitment' ? command.data.institutionUscc : '');
    return this.run(streamNames.commitment(commitmentId), initialCommitmentState, evolveCommitment, (s) => decideCommitment(command, s, { institution }), role);
  }

  async record(recordId: string, uscc: string, command: RecordCommand, role: Role = 'credit-office', causationId?: string): Promise<Appended> {
    const institution = await this.institutionState(uscc);
    return this.run(
      streamNames.record(recordId),
      initialRecordState,
      evolveRecord,
      (s) => decideRecord(command, s, { institution, policyProfile: 'national' }),
      role,
      causationId,
    );
  }

  /**
   * The breach → record reaction (domain.md §4.2), caused by the breach event. When the service's
   * own saga got there first, its record stands and nothing more is written.
   */
  async recordForBreach(breach: StoredEvent): Promise<Appended | undefined> {
    const commitment = await this.commitmentState(String(breach.data.commitmentId));
    if (commitment.status !== 'MADE') throw new Error('breach of an unknown commitment');
    const command = recordCommandForBreach(commitment, breach.data as never, this.today);
    try {
      return await this.record(command.data.recordId, commitment.institutionUscc, command, 'credit-office', breach.id);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'CONFLICT') return undefined;
      throw error;
    }
  }

  async exemplar(exemplarId: string, command: ExemplarCommand, records: RecordState[] = []): Promise<Appended> {
    return this.run(
      streamNames.exemplar(exemplarId),
      initialExemplarState,
      evolveExemplar,
      (s) => decideExemplar(command, s, { subjectKnown: true, records }),
      'credit-office',
    ) as Promise<Appended>;
  }

  async check(checkId: string, command: CheckCommand, records: RecordState[], commitments: CommitmentState[]): Promise<Appended> {
    return this.run(
      streamNames.check(checkId),
      initialCheckState,
      evolveCheck,
      (s) => decideCheck(command, s, { subjectKnown: true, records, commitments }),
      'approver',
    );
  }
}

export type { CheckEvent, ExemplarEvent };
