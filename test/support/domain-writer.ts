import { randomUUID } from 'node:crypto';
import { CommitmentCommand, decideCommitment, decideExemplar, decideRecord, institutionDecider, RecordCommand } from '@app/domain';
import { EventLedger } from '@app/event-store';
import { withSchemaVersion } from '@app/application';
import { loadCommitment, loadExemplar, loadInstitution, loadRecord } from '@app/application/command-support/stream-loaders';
import type { TestLedger } from './test-app';

const actor = { sub: 'test-credit-office', role: 'credit-office' };

/**
 * Writes facts through the domain deciders straight into the ledger, the way the command
 * handlers do, for suites that test a reaction (watcher, checks, sagas) rather than the commands.
 */
export class DomainWriter {
  private readonly ledger: EventLedger;

  constructor(
    test: TestLedger,
    private readonly uscc: string,
  ) {
    this.ledger = test.app.get(EventLedger);
  }

  async institution(name = '某区住建局', leader = { personId: 'p-chen', name: '陈某', effectiveOn: '2024-01-01' }): Promise<void> {
    const registered = institutionDecider.decide(
      { type: 'RegisterInstitution', data: { uscc: this.uscc, name, kind: 'GOVERNMENT_ORGAN', regionCode: '370102' } },
      institutionDecider.initialState(),
    );
    await this.ledger.append(`institution-${this.uscc}`, registered.map(withSchemaVersion), 'no_stream', this.context());
    const institution = await loadInstitution(this.ledger, this.uscc);
    const appointed = institutionDecider.decide(
      { type: 'AppointPrincipalLeader', data: { uscc: this.uscc, title: '局长', ...leader } },
      institution.state,
    );
    await this.ledger.append(`institution-${this.uscc}`, appointed.map(withSchemaVersion), institution.revision, this.context());
  }

  async record(command: RecordCommand): Promise<void> {
    const recordId = command.data.recordId;
    const record = await loadRecord(this.ledger, recordId);
    const institution = await loadInstitution(this.ledger, this.uscc);
    const events = decideRecord(command, record.state, { institution: institution.state, policyProfile: 'national' });
    await this.ledger.append(`record-${recordId}`, events.map(withSchemaVersion), record.revision, this.context());
  }

  async commitment(command: CommitmentCommand): Promise<void> {
    const commitmentId = command.data.commitmentId;
    const commitment = await loadCommitment(this.ledger, commitmentId);
    const institution = await loadInstitution(this.ledger, this.uscc);
    const events = decideCommitment(command, commitment.state, { institution: institution.state });
    await this.ledger.append(`commitment-${commitmentId}`, events.map(withSchemaVersion), commitment.revision, this.context());
  }

  async designateExemplar(exemplarId: string, designatedOn: string, today = '2026-11-22'): Promise<void> {
    const exemplar = await loadExemplar(this.ledger, exemplarId);
    const events = decideExemplar(
      {
        type: 'DesignateExemplar',
        today,
        data: { exemplarId, subject: { kind: 'INSTITUTION', id: this.uscc }, title: '诚信建设示范单位', basis: '市信用办评定', designatedOn },
      },
      exemplar.state,
      { subjectKnown: true, records: [] },
    );
    await this.ledger.append(`exemplar-${exemplarId}`, events.map(withSchemaVersion), exemplar.revision, this.context());
  }

  /** A SERIOUS arrears record found 2026-10-01 with a rectification order due `deadline`. */
  async recordWithOrder(recordId: string, deadline: string, today = '2026-11-22'): Promise<void> {
    await this.record({
      type: 'RecordDishonesty',
      today,
      data: {
        recordId,
        subject: { kind: 'INSTITUTION', id: this.uscc },
        category: 'ARREARS_TO_ENTERPRISES',
        severity: 'SERIOUS',
        domain: 'GOVERNMENT_PROCUREMENT',
        occurredOn: '2026-09-01',
        description: '拖欠民营企业工程款',
        finding: { type: 'ADMINISTRATIVE_PENALTY', documentNo: '济罚〔2026〕7号', authority: '某区财政局', findingOn: '2026-10-01' },
      },
    });
    await this.record({ type: 'OrderRectification', today, data: { recordId, orderedOn: '2026-10-02', deadline, requirements: '清偿欠款' } });
  }

  private context() {
    return { commandId: randomUUID(), actor };
  }
}
