import { DishonestyRecord, DomainEvent, isInPublicationOn, isListingRevoked, isUnderObjection, publicationWindow } from '@app/domain';
import type { StoredEvent } from '@app/event-store';
import type { EntityManager } from 'typeorm';
import type { ProjectionContext } from './projection-context';
import type { Projector } from './projector';
import { listedSpan } from './dishonest-list.projector';
import { InstitutionRegions } from './support/institution-regions';
import { KeyedRows } from './support/keyed-rows';
import { StreamStates } from './support/stream-states';
import { DateInterval, datesIn, intervalsWhere, spanWhere } from './support/valid-time';

export const PUBLIC_RECORDS_TABLES = { records: 'public_records', states: 'public_record_states', officials: 'public_official_names', regions: 'public_record_regions' } as const;

export const PUBLIC_RECORD_COLUMNS = [
  'record_id',
  'subject_kind',
  'institution_uscc',
  'official_name',
  'category',
  'severity',
  'domain',
  'description',
  'finding_type',
  'finding_document_no',
  'finding_authority',
  'finding_on',
  'published',
  'pub_from',
  'pub_to',
  'publication_last_day',
  'under_objection',
  'listed_on',
  'listing_last_day',
  'delisted_on',
  'listed_from',
  'listed_to',
  'region_code',
  'shown_from',
  'shown_to',
  'reshown_from',
  'reshown_to',
] as const;

const within = (interval: DateInterval | undefined, date: string): boolean => interval !== undefined && interval.from <= date && date <= interval.to;

/**
 * The days a row is public, as at most two disjoint intervals in date order: the days the record
 * is in publication or its listing is on the list (`publication` ∪ `listed`, adjoining or
 * overlapping spans joined). The lists count and page on these (public_records__shown and
 * __reshown): one range per part, where the two spans themselves overlap on most rows and would
 * need two scans and a test that a row is not counted twice.
 */
export function shownSpans(publication: DateInterval | undefined, listed: DateInterval | undefined): [DateInterval?, DateInterval?] {
  const dates = [publication, listed].flatMap((interval) => (interval ? [interval.from, interval.to] : []));
  const spans = intervalsWhere((date) => within(publication, date) || within(listed, date), dates);
  if (spans.length > 2) throw new Error(`expected at most two public spans, found ${spans.length}`);
  return [spans[0], spans[1]];
}

/** The institution a record is about: its subject, or the official's institution. */
const institutionOf = (record: DishonestyRecord): string => (record.subject.kind === 'INSTITUTION' ? record.subject.id : record.subject.institutionUscc);

/** 姓名脱敏: the first character and `*` (domain.md §7); a personId never leaves this projection. */
export function maskName(name: string): string {
  const [first] = [...name.trim()];
  return first ? `${first}*` : '*';
}

/**
 * Public disclosure (信用信息公示): every record with the dates it is published, by the domain's
 * publication rules, and what the public may see of it. A row is public on D while the record is
 * in publication (pub_from..pub_to) or its listing is on the serious-dishonesty list
 * (listed_from..listed_to, the dishonest list's own rule): a MINOR record is never published
 * itself, and a listing's publication may run past the record's. Officials appear with a masked name only;
 * whether they are shown at all is the deployment's choice at query time.
 */
export class PublicRecordsProjector implements Projector {
  readonly name = 'public-disclosure';
  readonly tables = Object.values(PUBLIC_RECORDS_TABLES);

  async apply(events: StoredEvent[], _manager: EntityManager, context: ProjectionContext): Promise<void> {
    const officials = new KeyedRows({ table: PUBLIC_RECORDS_TABLES.officials, key: ['person_id'], columns: ['person_id', 'masked_name'] }, context);
    // The region of each institution (from InstitutionRegistered), for the region filter; an official's record has its institution's.
    const regions = new InstitutionRegions(PUBLIC_RECORDS_TABLES.regions, context);
    const rows = new KeyedRows({ table: PUBLIC_RECORDS_TABLES.records, key: ['record_id'], columns: PUBLIC_RECORD_COLUMNS }, context);
    // The description is published; evidence, grounds and other free text are not kept at all.
    const states = new StreamStates(PUBLIC_RECORDS_TABLES.states, context, new Set(['description']));
    const recordEvents = events.filter((e) => StreamStates.categoryOf(e.streamId) === 'record');
    await states.load(recordEvents.map((e) => e.streamId));
    const touched = new Set<string>();
    for (const event of events) {
      const e = { type: event.type, data: event.data } as DomainEvent;
      if (e.type === 'OfficialRegistered') officials.put({ person_id: e.data.personId, masked_name: maskName(e.data.name) });
      else if (e.type === 'InstitutionRegistered') regions.register(event);
      else if (StreamStates.categoryOf(event.streamId) === 'record' && states.fold(event)) touched.add(event.streamId);
    }
    const records = [...touched].map((id) => states.get(id)?.state).filter((s): s is DishonestyRecord => !!s && s.status !== 'NONE');
    await officials.loadBy('person_id', records.filter((r) => r.subject.kind === 'OFFICIAL').map((r) => r.subject.id));
    await regions.load(records.map(institutionOf));
    // The row shows the record as it stands after the batch: computed once per record.
    for (const record of records) {
      const official = record.subject.kind === 'OFFICIAL' ? officials.get(record.subject.id) : undefined;
      rows.put({ ...this.row(record, official ? String(official.masked_name) : record.subject.kind === 'OFFICIAL' ? '*' : null), region_code: regions.of(institutionOf(record)) });
    }
    await officials.flush();
    await regions.flush();
    await states.flush();
    await rows.flush();
  }

  private row(record: DishonestyRecord, officialName: string | null) {
    const window = publicationWindow(record);
    const dates = datesIn(record);
    datesIn(window, dates);
    const span = window.published ? spanWhere((date) => isInPublicationOn(record, date), dates) : undefined;
    const institutionUscc = institutionOf(record);
    // A listing revoked as wrong (an objection's LISTING_REVOKED or RECORD_REVOKED) is not shown to
    // the public at all, as the public list does not show it for any date; the record itself
    // stays published after LISTING_REVOKED. A listing ended by repair ends its publication too.
    const listing = record.listing && !isListingRevoked(record) ? record.listing : undefined;
    // The days the listing is on the list, by the rule the public list answers with (isListedOn).
    const listed = listing ? listedSpan(listing) : undefined;
    // Published until the later of the record's last day and the listing's, whichever applies.
    const lastDays = [span?.to, listed?.to].filter((day): day is string => day !== undefined).sort();
    const [shown, reshown] = shownSpans(span, listed);
    return {
      record_id: record.recordId,
      subject_kind: record.subject.kind,
      institution_uscc: institutionUscc,
      official_name: officialName,
      category: record.category,
      severity: record.severity,
      domain: record.domain,
      description: record.description,
      finding_type: record.finding.type,
      finding_document_no: record.finding.documentNo,
      finding_authority: record.finding.authority,
      finding_on: record.finding.findingOn,
      published: window.published ? 1 : 0,
      pub_from: span?.from ?? null,
      pub_to: span?.to ?? null,
      publication_last_day: lastDays.length > 0 ? lastDays[lastDays.length - 1] : window.lastDay,
      under_objection: isUnderObjection(record) ? 1 : 0,
      listed_on: listing?.listedOn ?? null,
      listing_last_day: listing?.publicationLastDay ?? null,
      delisted_on: listing?.delisted?.on ?? null,
      listed_from: listed?.from ?? null,
      listed_to: listed?.to ?? null,
      shown_from: shown?.from ?? null,
      shown_to: shown?.to ?? null,
      reshown_from: reshown?.from ?? null,
      reshown_to: reshown?.to ?? null,
    };
  }
}
