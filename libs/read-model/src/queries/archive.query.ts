import type { ArchiveCategory, ArchiveDocument } from '../projectors/archive.projector';
import { Sql, toNumber } from '../sql/sql';
import type { Row } from '../projectors/support/versioned-rows';

export interface InstitutionRow {
  uscc: string;
  name: string;
  kind: string;
  regionCode: string;
  parentUscc: string | null;
  registeredAt: string;
  registeredPosition: number;
}

export interface OfficialRow {
  personId: string;
  name: string;
  institutionUscc: string;
  post: string;
  registeredAt: string;
  registeredPosition: number;
}

export interface LeaderRow {
  uscc: string;
  position: number;
  personId: string;
  name: string;
  title: string;
  effectiveOn: string;
}

const institution = (r: Row): InstitutionRow => ({
  uscc: String(r.uscc),
  name: String(r.name),
  kind: String(r.kind),
  regionCode: String(r.region_code),
  parentUscc: r.parent_uscc === null || r.parent_uscc === undefined ? null : String(r.parent_uscc),
  registeredAt: String(r.registered_at),
  registeredPosition: toNumber(r.registered_position),
});

const official = (r: Row): OfficialRow => ({
  personId: String(r.person_id),
  name: String(r.name),
  institutionUscc: String(r.institution_uscc),
  post: String(r.post ?? ''),
  registeredAt: String(r.registered_at),
  registeredPosition: toNumber(r.registered_position),
});

const leader = (r: Row): LeaderRow => ({
  uscc: String(r.uscc),
  position: toNumber(r.position),
  personId: String(r.person_id),
  name: String(r.name),
  title: String(r.title),
  effectiveOn: String(r.effective_on),
});

const document = (r: Row): ArchiveDocument => ({
  streamId: String(r.stream_id),
  category: r.category as ArchiveCategory,
  state: JSON.parse(String(r.state)),
  trail: JSON.parse(String(r.trail)),
  lastPosition: toNumber(r.last_position),
});

export async function findInstitution(sql: Sql, uscc: string): Promise<InstitutionRow | undefined> {
  const [row] = await sql.rows<Row>('SELECT * FROM institutions WHERE uscc = ?', [uscc]);
  return row && institution(row);
}

export async function findOfficial(sql: Sql, personId: string): Promise<OfficialRow | undefined> {
  const [row] = await sql.rows<Row>('SELECT * FROM officials WHERE person_id = ?', [personId]);
  return row && official(row);
}

export async function officialsOf(sql: Sql, uscc: string): Promise<OfficialRow[]> {
  return (await sql.rows<Row>('SELECT * FROM officials WHERE institution_uscc = ? ORDER BY registered_position', [uscc])).map(official);
}

/** Appointments in log order; the domain's evolve sorts them into terms. */
export async function leadersOf(sql: Sql, uscc: string): Promise<LeaderRow[]> {
  return (await sql.rows<Row>('SELECT * FROM leader_terms WHERE uscc = ? ORDER BY position', [uscc])).map(leader);
}

/** The commitments, records and designations whose subject is the institution or official. */
export async function documentsAbout(sql: Sql, kind: string, id: string): Promise<ArchiveDocument[]> {
  return (await sql.rows<Row>('SELECT * FROM archive_documents WHERE subject_kind = ? AND subject_id = ? ORDER BY stream_id', [kind, id])).map(document);
}

/** Every document concerning an official (records about them, records naming them accountable, commitments they signed, designations). */
export async function documentsConcerningOfficial(sql: Sql, personId: string): Promise<ArchiveDocument[]> {
  const rows = await sql.rows<Row>(
    `SELECT d.* FROM archive_documents d JOIN subject_streams s ON s.stream_id = d.stream_id
     WHERE s.subject_kind = 'OFFICIAL' AND s.subject_id = ? ORDER BY d.stream_id`,
    [personId],
  );
  return rows.map(document);
}

export async function documentsByStream(sql: Sql, streamIds: string[]): Promise<ArchiveDocument[]> {
  return (await sql.selectIn<Row>('archive_documents', '*', 'stream_id', streamIds)).map(document);
}

/** Every principal-leader appointment of a person, across institutions, in log order. */
export async function appointmentsOf(sql: Sql, personId: string): Promise<LeaderRow[]> {
  return (await sql.rows<Row>('SELECT * FROM leader_terms WHERE person_id = ? ORDER BY position', [personId])).map(leader);
}
