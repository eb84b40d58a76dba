import type { DomainEvent } from '@app/domain';
import type { StoredEvent } from '@app/event-store';
import type { EntityManager } from 'typeorm';
import type { SubjectKind, SubjectRelation } from '../entities/subject-stream.entity';
import type { ProjectionContext } from './projection-context';
import type { Projector } from './projector';

export interface SubjectLink {
  kind: SubjectKind;
  id: string;
  relation: SubjectRelation;
}

/** The subjects an event makes its stream concern (see SubjectStream for the relations). */
export function subjectLinks(stored: StoredEvent): SubjectLink[] {
  const event = { type: stored.type, data: stored.data } as DomainEvent;
  switch (event.type) {
    case 'InstitutionRegistered':
      return [{ kind: 'INSTITUTION', id: event.data.uscc, relation: 'INSTITUTION' }];
    case 'OfficialRegistered':
      return [{ kind: 'OFFICIAL', id: event.data.personId, relation: 'SERVES_AT' }];
    case 'PrincipalLeaderAppointed':
      return [{ kind: 'OFFICIAL', id: event.data.personId, relation: 'APPOINTED' }];
    case 'CommitmentMade':
      return [
        { kind: 'INSTITUTION', id: event.data.institutionUscc, relation: 'COMMITMENT' },
        { kind: 'OFFICIAL', id: event.data.signedBy, relation: 'SIGNATORY' },
      ];
    case 'DishonestyRecorded':
      return [{ kind: event.data.subject.kind, id: event.data.subject.id, relation: 'RECORD' }];
    case 'AccountabilityRequired':
      return event.data.personId ? [{ kind: 'OFFICIAL', id: event.data.personId, relation: 'ACCOUNTABLE' }] : [];
    case 'AccountabilityDecided':
    case 'MitigationDecided':
      return [{ kind: 'OFFICIAL', id: event.data.personId, relation: 'ACCOUNTABLE' }];
    case 'ExemplarDesignated':
      return [{ kind: event.data.subject.kind, id: event.data.subject.id, relation: 'EXEMPLAR' }];
    case 'CreditCheckPerformed':
      return [{ kind: event.data.subject.kind, id: event.data.subject.id, relation: 'CHECK' }];
    default:
      return [];
  }
}

export const SUBJECT_STREAMS_TABLE = 'subject_streams';

/** The `subject_streams` index: which streams concern an institution or an official. */
export class SubjectStreamsProjector implements Projector {
  readonly name = 'subject-streams';
  readonly tables = [SUBJECT_STREAMS_TABLE];

  async apply(events: StoredEvent[], _manager: EntityManager, context: ProjectionContext): Promise<void> {
    const rows = new Map<string, unknown[]>();
    for (const event of events) {
      for (const link of subjectLinks(event)) {
        const key = `${link.kind}\u0000${link.id}\u0000${event.streamId}`;
        if (!rows.has(key)) rows.set(key, [link.kind, link.id, event.streamId, link.relation, event.position]);
      }
    }
    // The first link wins: a replayed or later event never moves it.
    await context.sql.insert(
      context.table(SUBJECT_STREAMS_TABLE),
      ['subject_kind', 'subject_id', 'stream_id', 'relation', 'first_position'],
      [...rows.values()],
      { key: ['subject_kind', 'subject_id', 'stream_id'] },
    );
  }
}
