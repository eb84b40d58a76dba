import {
  addDays,
  BusinessDate,
  DishonestyRecord,
  evolveInstitution,
  ExemplarState,
  hasOpenRectificationOn,
  initialInstitutionState,
  InstitutionEvent,
  InstitutionState,
  isBanActiveOn,
  isExemplarActiveOn,
  isInPublicationOn,
  isListedOn,
  MadeCommitment,
  principalLeaderOn,
  RecordState,
} from '@app/domain';
import type { StoredEvent } from '@app/event-store';
import type { ArchiveDocument, InstitutionRow, LeaderRow, OfficialRow, TrailEntry } from '@app/read-model';
import { commitmentView } from '../commitments/commitment-view';
import { recordView } from '../records/record-view';

/** What an archive is rendered from: read from the projection, or replayed up to a `knownAt`. */
export interface ArchiveSources {
  institution?: InstitutionRow;
  official?: OfficialRow;
  /**
   * Principal-leader appointments in log order: an institution's own; for an official, every
   * appointment at the institutions they were appointed to lead (their successors end their terms).
   */
  leaders: LeaderRow[];
  /** For an official: the institutions they were appointed to lead, whose terms `leaders` makes. */
  ledInstitutions?: InstitutionRow[];
  officials: OfficialRow[];
  documents: ArchiveDocument[];
}

export interface AsOf {
  knownAt?: string;
  /** The log position the archive reflects, a decimal string like every position in the API. */
  position: string;
}

/** The events behind a fact: the log positions that produced it and ended it (for auditors). */
export interface Provenance {
  producedBy: number;
  endedBy?: number;
}

/** The trail as the views expect events: type, data where kept, and who did it. */
function trailEvents(doc: ArchiveDocument): StoredEvent[] {
  return doc.trail.map((t) => ({
    position: t.position,
    streamId: doc.streamId,
    revision: 0,
    id: '',
    type: t.type,
    data: t.data ?? {},
    metadata: { actor: t.actor, recordedAt: t.recordedAt },
  }));
}

const first = (trail: TrailEntry[], ...types: string[]): number | undefined => trail.find((t) => types.includes(t.type))?.position;

function provenanceOf(trail: TrailEntry[], produced: string[], ended: string[], ref?: string): Provenance | undefined {
  const mine = ref === undefined ? trail : trail.filter((t) => t.ref === ref);
  const producedBy = first(mine, ...produced);
  if (producedBy === undefined) return undefined;
  const endedBy = first(mine, ...ended);
  return { producedBy, ...(endedBy !== undefined && { endedBy }) };
}

function recordProvenance(doc: ArchiveDocument, record: DishonestyRecord) {
  const trail = doc.trail;
  return {
    events: trail.map(({ position, type, recordedAt, actor, ref }) => ({ position, type, recordedAt, ...(actor !== undefined && { actor }), ...(ref !== undefined && { ref }) })),
    record: provenanceOf(trail, ['DishonestyRecorded'], ['RecordRevoked']),
    publication: provenanceOf(trail, ['DishonestyRecorded'], ['PublicationEnded']),
    listing: provenanceOf(trail, ['InstitutionListed'], ['InstitutionDelisted']),
    awardBan: provenanceOf(trail, ['AwardBanImposed'], ['AwardBanVoided', 'AwardBanLiftedEarly']),
    obligations: record.obligations.map((o) => ({
      obligationId: o.obligationId,
      ...provenanceOf(trail, ['AccountabilityRequired'], ['AccountabilityDecided', 'AccountabilityObligationCancelled'], o.obligationId),
    })),
  };
}

export function renderRecord(doc: ArchiveDocument, today: BusinessDate) {
  const record = doc.state as DishonestyRecord;
  return { ...recordView(record, trailEvents(doc), today), provenance: recordProvenance(doc, record) };
}

export function renderCommitment(doc: ArchiveDocument, today: BusinessDate) {
  return {
    ...commitmentView(doc.state as MadeCommitment, trailEvents(doc), today),
    provenance: provenanceOf(doc.trail, ['CommitmentMade'], ['CommitmentFulfilled', 'CommitmentBreached']),
  };
}

export function renderExemplar(doc: ArchiveDocument, today: BusinessDate) {
  const state = doc.state as Extract<ExemplarState, { status: 'DESIGNATED' }>;
  const { status: _status, ...designation } = state;
  // Ended by the revocation in force (a voided one never was).
  const revocation = revocationEntry(state, doc.trail);
  const producedBy = first(doc.trail, 'ExemplarDesignated');
  const provenance = producedBy === undefined ? undefined : { producedBy, ...(revocation && { endedBy: revocation.position }) };
  return { ...designation, active: isExemplarActiveOn(state, today), provenance };
}

/**
 * The trail entry of the revocation in force, as the state (folded by the domain's evolve) says: the
 * last ExemplarRevoked of its day and reason. Trails written before their entries kept these: the
 * last entry without them (before, the revocation in force was the last one, or none after a
 * voiding; one of those can be in force now only if it was then).
 */
function revocationEntry(state: Extract<ExemplarState, { status: 'DESIGNATED' }>, trail: TrailEntry[]): TrailEntry | undefined {
  const revoked = state.revoked;
  if (!revoked) return undefined;
  const revocations = trail.filter((t) => t.type === 'ExemplarRevoked').reverse();
  return revocations.find((t) => t.data?.on === revoked.on && t.data?.reason === revoked.reason) ?? revocations.find((t) => t.data?.on === undefined);
}

const isRecorded = (doc: ArchiveDocument) => doc.category === 'record' && (doc.state as RecordState).status !== 'NONE';
const isMade = (doc: ArchiveDocument) => doc.category === 'commitment' && (doc.state as { status: string }).status === 'MADE';
const isDesignated = (doc: ArchiveDocument) => doc.category === 'exemplar' && (doc.state as { status: string }).status === 'DESIGNATED';

/** The headline of an archive, by the domain's own queries as of `today`. */
function statusOf(records: DishonestyRecord[], today: BusinessDate) {
  return {
    listed: records.some((r) => isListedOn(r, today)),
    activeAwardBans: records.filter((r) => isBanActiveOn(r, today)).length,
    inPublication: records.filter((r) => isInPublicationOn(r, today)).length,
    openRectifications: records.filter((r) => hasOpenRectificationOn(r, today)).length,
  };
}

/** The institution's leadership as the domain folds it: terms in date order, each until the day before the next. */
export function institutionStateOf(institution: InstitutionRow, leaders: LeaderRow[]): InstitutionState {
  const events: InstitutionEvent[] = [
    { type: 'InstitutionRegistered', data: { uscc: institution.uscc, name: institution.name, kind: institution.kind as never, regionCode: institution.regionCode } },
    ...leaders.map(
      (l): InstitutionEvent => ({ type: 'PrincipalLeaderAppointed', data: { uscc: l.uscc, personId: l.personId, name: l.name, title: l.title, effectiveOn: l.effectiveOn } }),
    ),
  ];
  return events.reduce(evolveInstitution, initialInstitutionState());
}

function leaderTerms(institution: InstitutionRow, leaders: LeaderRow[], today: BusinessDate) {
  const state = institutionStateOf(institution, leaders);
  if (state.status !== 'REGISTERED') return { leaders: [], currentLeader: null };
  const current = principalLeaderOn(state, today);
  const terms = state.leaders.map((term, i) => {
    const next = state.leaders[i + 1];
    const appointed = leaders.find((l) => l.personId === term.personId && l.effectiveOn === term.effectiveOn);
    return {
      ...term,
      ...(next && { until: addDays(next.effectiveOn, -1) }),
      ...(appointed && { provenance: { producedBy: appointed.position } }),
    };
  });
  return { leaders: terms, currentLeader: current ? current.personId : null };
}

/** 诚信档案 of an institution (api.md "Archive shape"), statuses as of `today`. */
export function renderInstitutionArchive(sources: ArchiveSources & { institution: InstitutionRow }, today: BusinessDate, asOf: AsOf) {
  const { institution } = sources;
  const recordDocs = sources.documents.filter(isRecorded);
  const records = recordDocs.map((d) => d.state as DishonestyRecord);
  return {
    subject: {
      kind: 'INSTITUTION' as const,
      id: institution.uscc,
      name: institution.name,
      institutionKind: institution.kind,
      regionCode: institution.regionCode,
      parentUscc: institution.parentUscc,
    },
    status: statusOf(records, today),
    ...leaderTerms(institution, sources.leaders, today),
    officials: sources.officials.map((o) => ({ personId: o.personId, name: o.name, post: o.post, provenance: { producedBy: o.registeredPosition } })),
    commitments: sources.documents.filter(isMade).map((d) => renderCommitment(d, today)),
    records: recordDocs.map((d) => renderRecord(d, today)),
    exemplars: sources.documents.filter(isDesignated).map((d) => renderExemplar(d, today)),
    provenance: { registeredPosition: String(institution.registeredPosition) },
    asOf,
  };
}

/**
 * An official's appointments in log order, each with the `until` the institution archive shows for that term
 * (leaderTerms: the day before the next appointment there), none while the term is open. The
 * sources are those known at the archive's position, so a later successor does not end it.
 */
function officialAppointments(sources: ArchiveSources, personId: string, today: BusinessDate) {
  const untilByAppointment = new Map<number, BusinessDate>();
  for (const institution of sources.ledInstitutions ?? []) {
    const { leaders: terms } = leaderTerms(institution, sources.leaders.filter((l) => l.uscc === institution.uscc), today);
    for (const term of terms) {
      if (term.provenance && term.until !== undefined) untilByAppointment.set(term.provenance.producedBy, term.until);
    }
  }
  return sources.leaders
    .filter((l) => l.personId === personId)
    .sort((a, b) => a.position - b.position)
    .map((l) => {
      const until = untilByAppointment.get(l.position);
      return { uscc: l.uscc, title: l.title, effectiveOn: l.effectiveOn, ...(until !== undefined && { until }), provenance: { producedBy: l.position } };
    });
}

/** The archive of an official: records about them, what they answer for, what they signed, their terms. */
export function renderOfficialArchive(sources: ArchiveSources & { official: OfficialRow }, today: BusinessDate, asOf: AsOf) {
  const { official } = sources;
  const personId = official.personId;
  const recordDocs = sources.documents.filter(isRecorded);
  const about = recordDocs.filter((d) => {
    const s = (d.state as DishonestyRecord).subject;
    return s.kind === 'OFFICIAL' && s.id === personId;
  });
  const records = about.map((d) => d.state as DishonestyRecord);
  const accountability = recordDocs.flatMap((d) => {
    const record = d.state as DishonestyRecord;
    const obligations = record.obligations.filter((o) => o.personId === personId);
    const decisions = record.accountabilityDecisions.filter((a) => a.personId === personId);
    const mitigation = record.mitigation?.personId === personId ? record.mitigation : undefined;
    if (obligations.length === 0 && decisions.length === 0 && !mitigation) return [];
    return [{ recordId: record.recordId, institutionUscc: record.subject.kind === 'INSTITUTION' ? record.subject.id : record.subject.institutionUscc, obligations, decisions, ...(mitigation && { mitigation }) }];
  });
  return {
    subject: { kind: 'OFFICIAL' as const, id: personId, name: official.name, institutionUscc: official.institutionUscc, post: official.post },
    status: { ...statusOf(records, today), openObligations: accountability.flatMap((a) => a.obligations).filter((o) => o.status === 'OPEN').length },
    appointments: officialAppointments(sources, personId, today),
    commitments: sources.documents.filter(isMade).filter((d) => (d.state as MadeCommitment).signedBy === personId).map((d) => renderCommitment(d, today)),
    records: about.map((d) => renderRecord(d, today)),
    accountability,
    exemplars: sources.documents
      .filter(isDesignated)
      .filter((d) => {
        const s = (d.state as Extract<ExemplarState, { status: 'DESIGNATED' }>).subject;
        return s.kind === 'OFFICIAL' && s.id === personId;
      })
      .map((d) => renderExemplar(d, today)),
    provenance: { registeredPosition: String(official.registeredPosition) },
    asOf,
  };
}

export type InstitutionArchive = ReturnType<typeof renderInstitutionArchive>;
export type OfficialArchive = ReturnType<typeof renderOfficialArchive>;
