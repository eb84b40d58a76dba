import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { accountablePersons, CommitmentState, DishonestyRecord, RecordState, streamNames, TracedPerson } from '@app/domain';
import { documentsByStream, findInstitution, leadersOf } from '@app/read-model';
import { institutionStateOf } from '../archive/archive-view';
import { ProblemException } from '../http/problem';
import { ReadSide } from '../read-side/read-side.service';
import { GetAccountabilityTraceQuery } from './get-accountability-trace.query';

export interface AccountabilityTrace {
  recordId: string;
  institution: { uscc: string; name: string | null };
  persons: TracedPerson[];
  obligations: DishonestyRecord['obligations'];
  decisions: DishonestyRecord['accountabilityDecisions'];
  mitigation?: DishonestyRecord['mitigation'];
}

/**
 * Who answers for a record across changes of leadership (“新官不理旧账”): the signatory of the
 * breached commitment and the principal leaders at occurrence, breach and deadline, by the
 * domain's accountablePersons over the archive's record, commitment and leadership.
 */
@QueryHandler(GetAccountabilityTraceQuery)
export class GetAccountabilityTraceHandler implements IQueryHandler<GetAccountabilityTraceQuery, AccountabilityTrace> {
  constructor(private readonly readSide: ReadSide) {}

  async execute({ recordId }: GetAccountabilityTraceQuery): Promise<AccountabilityTrace> {
    const sql = this.readSide.sql;
    const [doc] = await documentsByStream(sql, [streamNames.record(recordId)]);
    const state = doc?.state as RecordState | undefined;
    if (!state || state.status === 'NONE') throw new ProblemException(404, 'NOT_FOUND', `record ${recordId} not found`);
    const record = state;
    const uscc = record.subject.kind === 'INSTITUTION' ? record.subject.id : record.subject.institutionUscc;
    const [institution, leaders, commitmentDocs] = await Promise.all([
      findInstitution(sql, uscc),
      leadersOf(sql, uscc),
      record.commitmentId ? documentsByStream(sql, [streamNames.commitment(record.commitmentId)]) : Promise.resolve([]),
    ]);
    const institutionState = institution ? institutionStateOf(institution, leaders) : ({ status: 'UNREGISTERED' } as const);
    const commitment = commitmentDocs[0]?.state as CommitmentState | undefined;
    return {
      recordId,
      institution: { uscc, name: institution?.name ?? null },
      persons: accountablePersons(record, institutionState, commitment),
      obligations: record.obligations,
      decisions: record.accountabilityDecisions,
      ...(record.mitigation && { mitigation: record.mitigation }),
    };
  }
}
