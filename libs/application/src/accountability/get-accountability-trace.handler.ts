import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { accountablePersons, CommitmentState, DishonestyRecord, RecordState, streamNames, TracedPerson } from '@app/domain';
import { ArchiveDocument, documentsByStream, findInstitution, InstitutionRow, LeaderRow, leadersOf } from '@app/read-model';
import { ArchiveSourcesReader } from '../archive/archive-sources';
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
  asOf: { knownAt?: string; position: string };
}

/**
 * Who answers for a record across changes of leadership (“新官不理旧账”): the signatory of the
 * breached commitment and the principal leaders at occurrence, breach and deadline, by the
 * domain's accountablePersons over the archive's record, commitment and leadership. With
 * `knownAt`, as the system knew them then: the record, its commitment and the institution's
 * stream folded up to the log position of that instant.
 */
@QueryHandler(GetAccountabilityTraceQuery)
export class GetAccountabilityTraceHandler implements IQueryHandler<GetAccountabilityTraceQuery, AccountabilityTrace> {
  constructor(
    private readonly readSide: ReadSide,
    private readonly sources: ArchiveSourcesReader,
  ) {}

  async execute({ recordId, knownAt }: GetAccountabilityTraceQuery): Promise<AccountabilityTrace> {
    const sql = this.readSide.sql;
    const time = await this.readSide.systemTime(knownAt);
    const at = time.position;
    const document = async (streamId: string): Promise<ArchiveDocument | undefined> =>
      at === undefined ? (await documentsByStream(sql, [streamId]))[0] : this.sources.documentAt(streamId, at);
    const doc = await document(streamNames.record(recordId));
    const state = doc?.state as RecordState | undefined;
    if (!state || state.status === 'NONE') throw new ProblemException(404, 'NOT_FOUND', `record ${recordId} not found${at === undefined ? '' : ' at that instant'}`);
    const record = state;
    const uscc = record.subject.kind === 'INSTITUTION' ? record.subject.id : record.subject.institutionUscc;
    const institutionAndLeaders = async (): Promise<{ institution?: InstitutionRow; leaders: LeaderRow[] }> =>
      at === undefined ? { institution: await findInstitution(sql, uscc), leaders: await leadersOf(sql, uscc) } : this.sources.institutionAt(uscc, at);
    const [{ institution, leaders }, commitmentDoc] = await Promise.all([
      institutionAndLeaders(),
      record.commitmentId ? document(streamNames.commitment(record.commitmentId)) : Promise.resolve(undefined),
    ]);
    const institutionState = institution ? institutionStateOf(institution, leaders) : ({ status: 'UNREGISTERED' } as const);
    const commitment = commitmentDoc?.state as CommitmentState | undefined;
    return {
      recordId,
      institution: { uscc, name: institution?.name ?? null },
      persons: accountablePersons(record, institutionState, commitment),
      obligations: record.obligations,
      decisions: record.accountabilityDecisions,
      ...(record.mitigation && { mitigation: record.mitigation }),
      asOf: time.asOf,
    };
  }
}
