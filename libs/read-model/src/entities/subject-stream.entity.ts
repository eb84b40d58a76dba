import { Column, Entity, PrimaryColumn } from 'typeorm';
import { positionColumn } from './columns';

export type SubjectKind = 'INSTITUTION' | 'OFFICIAL';

/**
 * Why a stream concerns a subject:
 * - INSTITUTION: `institution-{uscc}` itself (registration, its officials, its leaders);
 * - SERVES_AT / APPOINTED: for an official, the institution stream that registered or appointed them;
 * - COMMITMENT: a commitment the institution made; SIGNATORY: one the official signed;
 * - RECORD: a dishonesty record about the subject; ACCOUNTABLE: a record whose accountability
 *   obligation, decision or mitigation names the official;
 * - EXEMPLAR: a red-list designation of the subject; CHECK: a credit check of the subject.
 * A record about an official is indexed for the official, not for their institution.
 */
export type SubjectRelation = 'INSTITUTION' | 'SERVES_AT' | 'APPOINTED' | 'COMMITMENT' | 'SIGNATORY' | 'RECORD' | 'ACCOUNTABLE' | 'EXEMPLAR' | 'CHECK';

/**
 * Which streams concern an institution or an official (for the subject's history and archive
 * replays): one row per subject and stream, with the relation and log position that first
 * linked them. A subject's history is the union of these streams' events in global order.
 */
@Entity({ name: 'subject_streams' })
export class SubjectStream {
  @PrimaryColumn({ name: 'subject_kind', type: 'varchar', length: 20 })
  subjectKind: SubjectKind;

  /** uscc for an institution, personId for an official. */
  @PrimaryColumn({ name: 'subject_id', type: 'varchar', length: 128 })
  subjectId: string;

  @PrimaryColumn({ name: 'stream_id', type: 'varchar', length: 200 })
  streamId: string;

  @Column({ type: 'varchar', length: 20 })
  relation: SubjectRelation;

  /** Position of the first event that linked the stream to the subject. */
  @Column(positionColumn({ name: 'first_position' }))
  firstPosition: number;
}
