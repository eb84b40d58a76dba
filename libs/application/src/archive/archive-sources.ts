import { Inject, Injectable } from '@nestjs/common';
import { DomainEvent, parseStreamName } from '@app/domain';
import { EVENT_STORE, EventStore } from '@app/event-store';
import {
  appointmentsOf,
  archiveCategoryOf,
  ArchiveDocument,
  documentsAbout,
  documentsConcerningOfficial,
  emptyDocument,
  findInstitution,
  findOfficial,
  findSubjectStreams,
  foldDocument,
  InstitutionRow,
  LeaderRow,
  leadersOf,
  OfficialRow,
  officialsOf,
  Sql,
  SubjectKind,
  SubjectRelation,
} from '@app/read-model';
import { DataSource } from 'typeorm';
import { upcastStoredEvent } from '../command-handling/upcasting';
import { READ_STORE } from '../read-model/tokens';
import type { ArchiveSources } from './archive-view';

/** The streams an archive is folded from; checks are the approvers' business, not the archive's. */
const ARCHIVE_RELATIONS: Record<SubjectKind, ReadonlySet<SubjectRelation>> = {
  INSTITUTION: new Set(['INSTITUTION', 'COMMITMENT', 'RECORD', 'EXEMPLAR']),
  OFFICIAL: new Set(['SERVES_AT', 'APPOINTED', 'SIGNATORY', 'RECORD', 'ACCOUNTABLE', 'EXEMPLAR']),
};

/**
 * Where an archive comes from: the archive projection (now), or — for `knownAt` — a replay of
 * the subject's streams (from the subject_streams index) cut at the log position known then,
 * folded by the same functions the projection uses.
 */
@Injectable()
export class ArchiveSourcesReader {
  constructor(
    @Inject(READ_STORE) private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async current(kind: SubjectKind, id: string): Promise<ArchiveSources | undefined> {
    const sql = Sql.of(this.dataSource);
    if (kind === 'INSTITUTION') {
      const institution = await findInstitution(sql, id);
      if (!institution) return undefined;
      const [leaders, officials, documents] = await Promise.all([leadersOf(sql, id), officialsOf(sql, id), documentsAbout(sql, 'INSTITUTION', id)]);
      return { institution, leaders, officials, documents };
    }
    const official = await findOfficial(sql, id);
    if (!official) return undefined;
    const [appointments, documents] = await Promise.all([appointmentsOf(sql, id), documentsConcerningOfficial(sql, id)]);
    // Every appointment at each institution they led, so the archive ends their terms as the institution's does.
    const led = await Promise.all(
      [...new Set(appointments.map((a) => a.uscc))].map(async (uscc) => ({ institution: await findInstitution(sql, uscc), leaders: await leadersOf(sql, uscc) })),
    );
    return {
      official,
      leaders: led.flatMap((l) => l.leaders),
      ledInstitutions: led.flatMap((l) => (l.institution ? [l.institution] : [])),
      officials: [official],
      documents,
    };
  }

  async replayed(kind: SubjectKind, id: string, position: number): Promise<ArchiveSources | undefined> {
    const streams = (await findSubjectStreams(this.dataSource, kind, id, position)).filter((s) => ARCHIVE_RELATIONS[kind].has(s.relation));
    const sources: ArchiveSources = { leaders: [], officials: [], documents: [] };
    for (const { streamId } of [...new Map(streams.map((s) => [s.streamId, s])).values()]) {
      const events = (await this.store.readStream(streamId)).filter((e) => e.position <= position).map(upcastStoredEvent);
      const category = archiveCategoryOf(streamId);
      if (category) {
        const doc: ArchiveDocument = emptyDocument(streamId, category);
        events.forEach((event) => foldDocument(doc, event));
        sources.documents.push(doc);
      } else if (parseStreamName(streamId)?.category === 'institution') {
        this.foldInstitutionStream(kind, id, events, sources);
      }
    }
    sources.documents.sort((a, b) => (a.streamId < b.streamId ? -1 : 1));
    return (kind === 'INSTITUTION' ? sources.institution : sources.official) ? sources : undefined;
  }

  /** A commitment, record or exemplar stream folded up to `position` (system time); undefined when it had no event by then. */
  async documentAt(streamId: string, position: number): Promise<ArchiveDocument | undefined> {
    const category = archiveCategoryOf(streamId);
    if (!category) return undefined;
    const events = (await this.store.readStream(streamId)).filter((e) => e.position <= position).map(upcastStoredEvent);
    if (events.length === 0) return undefined;
    const doc = emptyDocument(streamId, category);
    events.forEach((event) => foldDocument(doc, event));
    return doc;
  }

  /** An institution and its leaders as its stream said at `position` (system time). */
  async institutionAt(uscc: string, position: number): Promise<{ institution?: InstitutionRow; leaders: LeaderRow[] }> {
    const events = (await this.store.readStream(`institution-${uscc}`)).filter((e) => e.position <= position).map(upcastStoredEvent);
    const sources: ArchiveSources = { leaders: [], officials: [], documents: [] };
    this.foldInstitutionStream('INSTITUTION', uscc, events, sources);
    return { institution: sources.institution, leaders: sources.leaders };
  }

  private foldInstitutionStream(kind: SubjectKind, id: string, events: Array<{ type: string; data: Record<string, unknown>; position: number; metadata: Record<string, unknown> }>, sources: ArchiveSources): void {
    // An official's archive keeps every appointment (as known then) at an institution they were
    // appointed to lead, so their terms end where the institution's archive ends them.
    const led = kind === 'OFFICIAL' && events.some((e) => e.type === 'PrincipalLeaderAppointed' && e.data.personId === id);
    for (const stored of events) {
      const event = { type: stored.type, data: stored.data } as DomainEvent;
      const recordedAt = String(stored.metadata.recordedAt ?? '');
      if (event.type === 'InstitutionRegistered' && (kind === 'INSTITUTION' ? event.data.uscc === id : led)) {
        const d = event.data;
        const row: InstitutionRow = { uscc: d.uscc, name: d.name, kind: d.kind, regionCode: d.regionCode, parentUscc: d.parentUscc ?? null, registeredAt: recordedAt, registeredPosition: stored.position };
        if (kind === 'INSTITUTION') sources.institution = row;
        else (sources.ledInstitutions ??= []).push(row);
      } else if (event.type === 'OfficialRegistered') {
        const d = event.data;
        const row: OfficialRow = { personId: d.personId, name: d.name, institutionUscc: d.institutionUscc, post: d.post, registeredAt: recordedAt, registeredPosition: stored.position };
        if (kind === 'INSTITUTION') sources.officials.push(row);
        else if (d.personId === id && !sources.official) {
          sources.official = row;
          sources.officials.push(row);
        }
      } else if (event.type === 'PrincipalLeaderAppointed') {
        const d = event.data;
        const row: LeaderRow = { uscc: d.uscc, position: stored.position, personId: d.personId, name: d.name, title: d.title, effectiveOn: d.effectiveOn };
        if (kind === 'INSTITUTION' || led) sources.leaders.push(row);
      }
    }
  }
}
