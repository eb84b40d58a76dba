/** Making a dishonesty record (domain.md §4.3), and the record a commitment breach opens (§4.2). */
import { CommitmentBreached } from '../commitment/commitment.events';
import { CommitmentState, MadeCommitment } from '../commitment/commitment.state';
import { dueOnAsOf } from '../commitment/commitment.queries';
import { isOfficialOf } from '../institution/institution.queries';
import { selectPolicy } from '../policies/policies';
import { DomainError } from '../shared/domain-error';
import { DOMAINS, FINDING_TYPES, RECORD_CATEGORIES, SEVERITIES, SUBJECT_KINDS } from '../shared/enums';
import { assertNotInFuture, assertUscc, checks } from '../shared/validation';
import { BusinessDate, isAfter } from '../values/business-date';
import { RecordDecisionContext, RecordDishonesty } from './record.commands';
import { RecordEvent, RecordSubject } from './record.events';
import { RecordState } from './record.state';

export function recordDishonesty(
  { data, today }: RecordDishonesty,
  state: RecordState,
  { institution, policyProfile, commitment }: RecordDecisionContext,
): RecordEvent[] {
  const subject = validSubject(data.subject);
  const finding = data.finding ?? ({} as RecordDishonesty['data']['finding']);
  const c = checks()
    .id('recordId', data.recordId)
    .oneOf('category', data.category, RECORD_CATEGORIES)
    .oneOf('severity', data.severity, SEVERITIES)
    .oneOf('domain', data.domain, DOMAINS)
    .date('occurredOn', data.occurredOn)
    .text('description', data.description)
    .oneOf('finding.type', finding.type, FINDING_TYPES)
    .text('finding.documentNo', finding.documentNo, 200)
    .text('finding.authority', finding.authority, 200)
    .date('finding.findingOn', finding.findingOn)
    .notBefore('finding.findingOn', finding.findingOn, 'occurredOn', data.occurredOn);
  if (data.commitmentId !== undefined) c.id('commitmentId', data.commitmentId);
  c.done();
  assertNotInFuture({ occurredOn: data.occurredOn, 'finding.findingOn': finding.findingOn }, today);
  if (state.status !== 'NONE') throw new DomainError('CONFLICT', `record ${data.recordId} already exists`);
  assertSubjectKnown(subject, { institution, policyProfile });
  if (data.commitmentId !== undefined) assertCommitmentOfRecord(data.commitmentId, subject, data.occurredOn, commitment);

  const policy = selectPolicy(policyProfile, finding.findingOn);
  const { recordId, category, severity, domain, occurredOn, description, commitmentId } = data;
  return [
    {
      type: 'DishonestyRecorded',
      data: {
        recordId,
        subject,
        category,
        severity,
        domain,
        occurredOn,
        description,
        ...(commitmentId !== undefined && { commitmentId }),
        finding: {
          type: finding.type,
          documentNo: finding.documentNo,
          authority: finding.authority,
          findingOn: finding.findingOn,
        },
        policyProfile,
        policyVersion: policy.version,
      },
    },
  ];
}

function validSubject(subject: RecordSubject | undefined): RecordSubject {
  checks().oneOf('subject.kind', subject?.kind, SUBJECT_KINDS).done();
  const given = subject as RecordSubject;
  if (given.kind === 'INSTITUTION') {
    assertUscc('subject.id', given.id);
    return { kind: 'INSTITUTION', id: given.id };
  }
  checks().personId('subject.id', given.id).done();
  assertUscc('subject.institutionUscc', given.institutionUscc);
  return { kind: 'OFFICIAL', id: given.id, institutionUscc: given.institutionUscc };
}

function assertSubjectKnown(subject: RecordSubject, { institution }: RecordDecisionContext): void {
  const uscc = subject.kind === 'INSTITUTION' ? subject.id : subject.institutionUscc;
  if (institution.status !== 'REGISTERED' || institution.uscc !== uscc) {
    throw new DomainError('SUBJECT_NOT_FOUND', `institution ${uscc} is not registered`);
  }
  if (subject.kind === 'OFFICIAL' && !isOfficialOf(institution, subject.id)) {
    throw new DomainError('SUBJECT_NOT_FOUND', `official ${subject.id} is not registered at ${uscc}`);
  }
}

/**
 * The commitment a record names is a public commitment (公开承诺) of the record's institution — the
 * subject, or the institution where the official serves (domain.md §4.2, §4.3): the accountability
 * trace names its signatory. It must exist (404 COMMITMENT_NOT_FOUND), belong to that institution
 * (422 COMMITMENT_OF_ANOTHER_INSTITUTION) and not have been kept: a commitment fulfilled by its due
 * date is refused (422 COMMITMENT_FULFILLED); one fulfilled late is not. One breached (the record a breach opens, or another about the same
 * failing, e.g. against the official responsible) or still open — overdue, amended, or a failing
 * found before any breach is recorded — is accepted. The failing cannot precede the promise:
 * occurredOn before the commitment's madeOn is 400 on occurredOn.
 */
function assertCommitmentOfRecord(commitmentId: string, subject: RecordSubject, occurredOn: BusinessDate, commitment: CommitmentState | undefined): void {
  if (commitment?.status !== 'MADE' || commitment.commitmentId !== commitmentId) {
    throw new DomainError('COMMITMENT_NOT_FOUND', `commitment ${commitmentId} not found`, { commitmentId });
  }
  const uscc = subject.kind === 'INSTITUTION' ? subject.id : subject.institutionUscc;
  if (commitment.institutionUscc !== uscc) {
    throw new DomainError(
      'COMMITMENT_OF_ANOTHER_INSTITUTION',
      `commitment ${commitmentId} is not a commitment of ${uscc}${subject.kind === 'OFFICIAL' ? `, where official ${subject.id} serves` : ''}`,
      { commitmentId },
    );
  }
  checks().notBefore('occurredOn', occurredOn, 'the commitment’s madeOn', commitment.madeOn).done();
  // Fulfilled after the due date in force then, it was not kept as promised: a record about the delay stands.
  if (commitment.outcome.kind === 'FULFILLED' && !isAfter(commitment.outcome.on, dueOnAsOf(commitment, commitment.outcome.on))) {
    throw new DomainError('COMMITMENT_FULFILLED', `commitment ${commitmentId} was fulfilled on ${commitment.outcome.on}: it was kept`, {
      commitmentId,
      fulfilledOn: commitment.outcome.on,
    });
  }
}

/**
 * A breach automatically opens a record against the institution (domain.md §4.2):
 * COMMITMENT_UNFULFILLED, finding COMMITMENT_BREACH, the breach's severity (GENERAL by default).
 * The application appends it to `record-{recordId}` with the breach as causation.
 */
export function recordCommandForBreach(
  commitment: MadeCommitment,
  breach: CommitmentBreached['data'],
  today: BusinessDate,
): RecordDishonesty {
  return {
    type: 'RecordDishonesty',
    today,
    data: {
      recordId: breach.recordId,
      subject: { kind: 'INSTITUTION', id: commitment.institutionUscc },
      category: 'COMMITMENT_UNFULFILLED',
      severity: breach.severity,
      domain: commitment.domain,
      occurredOn: breach.on,
      description: breach.description,
      commitmentId: commitment.commitmentId,
      finding: { type: 'COMMITMENT_BREACH', documentNo: breach.documentNo, authority: breach.authority, findingOn: breach.on },
    },
  };
}
