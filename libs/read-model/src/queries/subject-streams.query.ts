import type { DataSource } from 'typeorm';
import type { SubjectKind, SubjectRelation } from '../entities/subject-stream.entity';
import { Sql, toNumber } from '../sql/sql';

export interface SubjectStreamRow {
  streamId: string;
  relation: SubjectRelation;
  firstPosition: number;
}

/**
 * The streams that concern a subject, in the order they were first linked. With `upToPosition`,
 * only streams linked by then (a `knownAt` cut); their events still need cutting at that position.
 */
export async function findSubjectStreams(
  source: DataSource | Sql,
  kind: SubjectKind,
  id: string,
  upToPosition?: number,
): Promise<SubjectStreamRow[]> {
  const sql = source instanceof Sql ? source : Sql.of(source);
  const rows = await sql.rows<{ stream_id: string; relation: SubjectRelation; first_position: unknown }>(
    `SELECT stream_id, relation, first_position FROM subject_streams WHERE subject_kind = ? AND subject_id = ?${
      upToPosition === undefined ? '' : ' AND first_position <= ?'
    } ORDER BY first_position, stream_id`,
    upToPosition === undefined ? [kind, id] : [kind, id, upToPosition],
  );
  return rows.map((r) => ({ streamId: r.stream_id, relation: r.relation, firstPosition: toNumber(r.first_position) }));
}
