import {
  CommitmentEvent,
  CommitmentState,
  DomainEvent,
  evolveCommitment,
  evolveExemplar,
  evolveRecord,
  ExemplarEvent,
  ExemplarState,
  initialCommitmentState,
  initialExemplarState,
  initialRecordState,
  parseStreamName,
  RecordEvent,
  RecordState,
} from '@app/domain';
import type { StoredEvent } from '@app/event-store';
import type { EntityManager } from 'typeorm';
import { quote, toNumber } from '../sql/sql';
import type { ProjectionContext } from './projection-context';
import type { Projector } from './projector';

export type ArchiveCategory = 'commitment' | 'record' | 'exemplar';

/**
 * One event of a document's stream as the archive keeps it: enough to name the events behind
 * each fact (provenance) and who ended a ban; CommitmentBreached keeps its data (the breach details).
 */
export interface TrailEntry {
  position: number;
  type: string;
  recordedAt: string;
  actor?: unknown;
  /** The obligation, objection, application, report or order the event is about, if any. */
  ref?: string;
  data?: Record<string, unknown>;
}

const REF_FIELDS = ['obligationId', 'objectionId', 'applicationId', 'reportId', 'orderId'] as const;

export type ArchiveState = CommitmentState | RecordState | ExemplarState;

/** A commitment, record or exemplar stream folded by the domain's own evolve. */
export interface ArchiveDocument {
  streamId: string;
  category: ArchiveCategory;
  state: ArchiveState;
  trail: TrailEntry[];
  lastPosition: number;
}

export const ARCHIVE_TABLES = {
  institutions: 'institutions',
  officials: 'officials',
  leaders: 'leader_terms',
  documents: 'archive_documents',
} as const;

const CATEGORIES = new Set<string>(['commitment', 'record', 'exemplar']);

export function archiveCategoryOf(streamId: string): ArchiveCategory | undefined {
  const parsed = parseStreamName(streamId);
  return parsed && CATEGORIES.has(parsed.category) ? (parsed.category as ArchiveCategory) : undefined;
}

export function emptyDocument(streamId: string, category: ArchiveCategory): ArchiveDocument {
  const state = category === 'commitment' ? initialCommitmentState() : category === 'record' ? initialRecordState() : initialExemplarState();
  return { streamId, category, state, trail: [], lastPosition: 0 };
}

/** Applies one event of the document's stream; the replay for `knownAt` folds with this too. */
export function foldDocument(doc: ArchiveDocument, event: StoredEvent): void {
  if (event.position <= doc.lastPosition) return;
  if (doc.category === 'commitment') doc.state = evolveCommitment(doc.state as CommitmentState, event as unknown as CommitmentEvent);
  else if (doc.category === 'record') doc.state = evolveRecord(doc.state as RecordState, event as unknown as RecordEvent);
  else doc.state = evolveExemplar(doc.state as ExemplarState, event as unknown as ExemplarEvent);
  const ref = REF_FIELDS.map((field) => event.data[field]).find((value) => typeof value === 'string') as string | undefined;
  doc.trail.push({
    position: event.position,
    type: event.type,
    recordedAt: String(event.metadata.recordedAt ?? ''),
    ...(event.metadata.actor !== undefined && { actor: event.metadata.actor }),
    ...(ref !== undefined && { ref }),
    ...(event.type === 'CommitmentBreached' && { data: event.data }),
    // The archive's provenance finds the revocation in force (the state's) by its day and reason.
    ...(event.type === 'ExemplarRevoked' && { data: { on: event.data.on, reason: event.data.reason } }),
  });
  doc.lastPosition = event.position;
}

/** Who a document is about, for the archive's lookups by subject. */
export function documentSubject(doc: ArchiveDocument): { kind: string; id: string; institutionUscc: string | null } | undefined {
  const state = doc.state as { status: string } & Record<string, unknown>;
  if (state.status === 'NONE') return undefined;
  if (doc.category === 'commitment') {
    const uscc = String(state.institutionUscc);
    return { kind: 'INSTITUTION', id: uscc, institutionUscc: uscc };
  }
  const subject = state.subject as { kind: string; id: string; institutionUscc?: string };
  const institutionUscc = subject.kind === 'INSTITUTION' ? subject.id : (subject.institutionUscc ?? null);
  return { kind: subject.kind, id: subject.id, institutionUscc };
}

/**
 * The integrity archive (诚信档案): institutions, their leaders and officials, and every
 * commitment, record and red-list designation folded into the domain's own state, so the archive
 * is rendered by the domain's queries (publication window, ban status, ...) as of the asked date.
 */
export class ArchiveProjector implements Projector {
  readonly name = 'archive';
  readonly tables = Object.values(ARCHIVE_TABLES);

  async apply(events: StoredEvent[], _manager: EntityManager, context: ProjectionContext): Promise<void> {
    const institutions: unknown[][] = [];
    const officials: unknown[][] = [];
    const leaders: unknown[][] = [];
    const documentEvents: StoredEvent[] = [];
    for (const event of events) {
      const domainEvent = { type: event.type, data: event.data } as DomainEvent;
      const recordedAt = String(event.metadata.recordedAt ?? '');
      switch (domainEvent.type) {
        case 'InstitutionRegistered': {
          const d = domainEvent.data;
          institutions.push([d.uscc, d.name, d.kind, d.regionCode, d.parentUscc ?? null, recordedAt, event.position]);
          break;
        }
        case 'OfficialRegistered': {
          const d = domainEvent.data;
          officials.push([d.personId, d.name, d.institutionUscc, d.post, recordedAt, event.position]);
          break;
        }
        case 'PrincipalLeaderAppointed': {
          const d = domainEvent.data;
          leaders.push([d.uscc, event.position, d.personId, d.name, d.title, d.effectiveOn]);
          break;
        }
        default:
          if (archiveCategoryOf(event.streamId)) documentEvents.push(event);
      }
    }
    const sql = context.sql;
    // Registrations happen once; a replayed one keeps the first row.
    await sql.insert(
      context.table(ARCHIVE_TABLES.institutions),
      ['uscc', 'name', 'kind', 'region_code', 'parent_uscc', 'registered_at', 'registered_position'],
      institutions,
      { key: ['uscc'] },
    );
    await sql.insert(
      context.table(ARCHIVE_TABLES.officials),
      ['person_id', 'name', 'institution_uscc', 'post', 'registered_at', 'registered_position'],
      officials,
      { key: ['person_id'] },
    );
    await sql.insert(context.table(ARCHIVE_TABLES.leaders), ['uscc', 'position', 'person_id', 'name', 'title', 'effective_on'], leaders, {
      key: ['uscc', 'position'],
    });
    await this.applyDocuments(documentEvents, context);
  }

  private async applyDocuments(events: StoredEvent[], context: ProjectionContext): Promise<void> {
    if (events.length === 0) return;
    const table = context.table(ARCHIVE_TABLES.documents);
    const stored = await context.sql.selectIn<{ stream_id: string; category: ArchiveCategory; state: string; last_position: unknown }>(
      table,
      'stream_id, category, state, last_position',
      'stream_id',
      events.map((e) => e.streamId),
    );
    // Only the batch's trail entries are written: the statement appends them to the stored trail
    // (see trailAppend), so a long-lived document's trail is neither read back nor printed again
    // in every batch that touches it.
    const docs = new Map<string, ArchiveDocument>(
      stored.map((r) => [r.stream_id, { streamId: r.stream_id, category: r.category, state: JSON.parse(r.state), trail: [], lastPosition: toNumber(r.last_position) }]),
    );
    const changed = new Set<ArchiveDocument>();
    for (const event of events) {
      let doc = docs.get(event.streamId);
      if (!doc) {
        doc = emptyDocument(event.streamId, archiveCategoryOf(event.streamId)!);
        docs.set(event.streamId, doc);
      }
      if (event.position <= doc.lastPosition) continue;
      foldDocument(doc, event);
      changed.add(doc);
    }
    const rows = [...changed].flatMap((doc) => {
      const subject = documentSubject(doc);
      if (!subject) return [];
      return [[doc.streamId, doc.category, subject.kind, subject.id, subject.institutionUscc, JSON.stringify(doc.state), JSON.stringify(doc.trail), doc.lastPosition]];
    });
    await context.sql.insert(
      table,
      ['stream_id', 'category', 'subject_kind', 'subject_id', 'institution_uscc', 'state', 'trail', 'last_position'],
      rows,
      { key: ['stream_id'], update: ['state', 'last_position', 'subject_kind', 'subject_id', 'institution_uscc'], set: { trail: trailAppend(quote(table)) } },
    );
  }
}

/**
 * The stored trail followed by the new row's entries, in SQL both stores run: the text
 * `JSON.stringify([...stored, ...added])` (an array prints as its items' texts between brackets,
 * joined by commas; `length` and `substr` count characters alike in SQLite and PostgreSQL).
 */
export function trailAppend(table: string): string {
  const stored = `${table}."trail"`;
  return (
    `CASE WHEN excluded."trail" = '[]' THEN ${stored} WHEN ${stored} = '[]' THEN excluded."trail" ` +
    `ELSE substr(${stored}, 1, length(${stored}) - 1) || ',' || substr(excluded."trail", 2) END`
  );
}
