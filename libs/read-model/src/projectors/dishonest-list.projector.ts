import { DishonestyRecord, DomainEvent, isListedOn, Listing, listingTermsUnder } from '@app/domain';
import type { StoredEvent } from '@app/event-store';
import type { EntityManager } from 'typeorm';
import type { ProjectionContext } from './projection-context';
import type { Projector } from './projector';
import { toNumber } from '../sql/sql';
import { InstitutionRegions } from './support/institution-regions';
import { KeyedRows } from './support/keyed-rows';
import { datesIn, spanWhere } from './support/valid-time';
import { Row, VersionedRows } from './support/versioned-rows';

export const DISHONEST_LIST_TABLES = { list: 'dishonest_list', records: 'dishonest_list_records', regions: 'dishonest_list_regions' } as const;

export const DISHONEST_LIST_COLUMNS = [
  'uscc',
  'domain',
  'listed_on',
  'minimum_last_day',
  'publication_last_day',
  'policy_version',
  'delisted_on',
  'delist_reason',
  'valid_from',
  'valid_to',
  'origin_position',
  'under_objection',
  'region_code',
] as const;

/** The listing as the domain holds it, from a list row. */
export function listingOf(row: Row): Listing {
  return {
    uscc: String(row.uscc),
    listedOn: String(row.listed_on),
    policyVersion: String(row.policy_version),
    minimumLastDay: String(row.minimum_last_day),
    publicationLastDay: String(row.publication_last_day),
    ...(row.delisted_on ? { delisted: { on: String(row.delisted_on), reason: row.delist_reason as NonNullable<Listing['delisted']>['reason'] } } : {}),
  };
}

/** The dates a listing is on the list, by the domain's isListedOn (which reads only the listing). */
export function listedSpan(listing: Listing) {
  // Only the listing: a revocation the list saw is on it as its delisting (see `revoked` below).
  const record = { listing, status: 'ACTIVE', objections: [] } as unknown as DishonestyRecord;
  return spanWhere((date) => isListedOn(record, date), datesIn(listing));
}

/** The events about a record the list reads (each names its recordId). */
const LIST_EVENTS: ReadonlySet<string> = new Set(['InstitutionListed', 'InstitutionDelisted', 'ObjectionFiled', 'ObjectionDecided', 'RecordCorrected', 'RecordRevoked']);

/**
 * The serious-dishonesty list (严重失信名单): one row per listing, versioned in system time, with
 * the dates it is on the list (valid time) so `on=D` and `knownAt=T` are both plain SQL, the
 * objection flag (异议标注) while an objection to the record is undecided (domain.md §4.5), and
 * the institution's region code for the region filter (kept from InstitutionRegistered, which
 * comes before any record of its institution in the log).
 */
export class DishonestListProjector implements Projector {
  readonly name = 'dishonest-list';
  readonly tables = Object.values(DISHONEST_LIST_TABLES);

  async apply(events: StoredEvent[], _manager: EntityManager, context: ProjectionContext): Promise<void> {
    const records = new KeyedRows(
      { table: DISHONEST_LIST_TABLES.records, key: ['record_id'], columns: ['record_id', 'uscc', 'domain', 'open_objections', 'region_code'] },
      context,
    );
    const regions = new InstitutionRegions(DISHONEST_LIST_TABLES.regions, context);
    await regions.load(
      events.filter((e) => e.type === 'DishonestyRecorded' && (e.data.subject as { kind: string }).kind === 'INSTITUTION').map((e) => String((e.data.subject as { id: string }).id)),
    );
    const list = new VersionedRows(
      { table: DISHONEST_LIST_TABLES.list, key: 'record_id', columns: DISHONEST_LIST_COLUMNS, numeric: ['origin_position', 'under_objection'] },
      context,
    );
    const recordEvents = events.filter((e) => LIST_EVENTS.has(e.type));
    if (recordEvents.length > 0) {
      const ids = recordEvents.map((e) => String(e.data.recordId));
      await records.loadBy('record_id', ids);
      await list.load(ids);
    }
    /** Undecided objections of a record of an institution (officials' records are not kept). */
    const openObjections = (recordId: string) => toNumber(records.get(recordId)?.open_objections);
    /** A listing in force shows the record's objection flag as it is now, from this position on. */
    const reflag = (recordId: string, position: number) => {
      const [current] = list.rows(recordId);
      if (current) list.set(recordId, [{ ...current, under_objection: openObjections(recordId) > 0 ? 1 : 0 }], position);
    };
    /**
     * A listing revoked as wrong was never in force (isListingRevoked): its row is delisted by the
     * revocation, also one that had already ended (by repair, or its period run out), which older
     * logs did not delist again. One delisted by the revocation already is left as it is.
     */
    const revoked = (recordId: string, on: string, reason: 'LISTING_REVOKED' | 'RECORD_REVOKED', position: number): boolean => {
      const [current] = list.rows(recordId);
      if (!current || current.delist_reason === 'LISTING_REVOKED' || current.delist_reason === 'RECORD_REVOKED') return false;
      const listing: Listing = { ...listingOf(current), delisted: { on, reason } };
      list.set(recordId, [this.row(listing, current.domain, Number(current.origin_position), openObjections(recordId) > 0, current.region_code)], position);
      return true;
    };
    for (const event of events) {
      const e = { type: event.type, data: event.data } as DomainEvent;
      switch (e.type) {
        case 'InstitutionRegistered':
          regions.register(event);
          break;
        case 'DishonestyRecorded': {
          // Only institutions are listed; the record's domain and its institution's region are kept for the list's filters.
          if (e.data.subject.kind !== 'INSTITUTION') break;
          records.put({ record_id: e.data.recordId, uscc: e.data.subject.id, domain: e.data.domain, open_objections: 0, region_code: regions.of(e.data.subject.id) });
          break;
        }
        case 'ObjectionFiled':
        case 'ObjectionDecided': {
          const record = records.get(e.data.recordId);
          if (!record) break;
          const open = Math.max(0, openObjections(e.data.recordId) + (e.type === 'ObjectionFiled' ? 1 : -1));
          records.put({ ...record, open_objections: open });
          // One version per position: the revocation's row carries the new flag too.
          if (!(e.type === 'ObjectionDecided' && e.data.outcome === 'LISTING_REVOKED' && revoked(e.data.recordId, e.data.decidedOn, 'LISTING_REVOKED', event.position))) {
            reflag(e.data.recordId, event.position);
          }
          break;
        }
        case 'RecordRevoked': {
          // A revoked record is not under objection (isUnderObjection): the objections still
          // undecided can no longer be decided, and would keep the flag for ever.
          const record = records.get(e.data.recordId);
          if (!record) break;
          records.put({ ...record, open_objections: 0 });
          if (!revoked(e.data.recordId, e.data.revokedOn, 'RECORD_REVOKED', event.position)) reflag(e.data.recordId, event.position);
          break;
        }
        case 'InstitutionListed': {
          const { recordId, uscc, listedOn, policyVersion, minimumLastDay, publicationLastDay } = e.data;
          const listing: Listing = { uscc, listedOn, policyVersion, minimumLastDay, publicationLastDay };
          const record = records.get(recordId);
          list.set(recordId, [this.row(listing, record?.domain ?? null, event.position, openObjections(recordId) > 0, record?.region_code)], event.position);
          break;
        }
        case 'RecordCorrected': {
          // A corrected findingOn under another policy version recomputes the listing's terms (a v1
          // correction did not state them: they follow from the version, as evolve works them out).
          const [current] = list.rows(e.data.recordId);
          if (!current) break;
          const terms = e.data.changes.filter((change) => change.field.startsWith('listing.'));
          const version = e.data.changes.find((change) => change.field === 'policyVersion')?.newValue;
          let listing: Listing = { ...listingOf(current) };
          if (terms.length > 0) for (const { field, newValue } of terms) Object.assign(listing, { [field.slice('listing.'.length)]: newValue });
          else if (version && version !== listing.policyVersion) listing = { ...listing, ...listingTermsUnder(listing, version) };
          else break;
          list.set(e.data.recordId, [this.row(listing, current.domain, Number(current.origin_position), openObjections(e.data.recordId) > 0, current.region_code)], event.position);
          break;
        }
        case 'InstitutionDelisted': {
          const [current] = list.rows(e.data.recordId);
          if (!current) break;
          const listing: Listing = { ...listingOf(current), delisted: { on: e.data.delistedOn, reason: e.data.reason } };
          list.set(e.data.recordId, [this.row(listing, current.domain, Number(current.origin_position), openObjections(e.data.recordId) > 0, current.region_code)], event.position);
          break;
        }
        default:
          break;
      }
    }
    await regions.flush();
    await records.flush();
    await list.flush();
  }

  private row(listing: Listing, domain: unknown, origin: number, underObjection: boolean, region: unknown): Row {
    const span = listedSpan(listing);
    return {
      uscc: listing.uscc,
      domain,
      listed_on: listing.listedOn,
      minimum_last_day: listing.minimumLastDay,
      publication_last_day: listing.publicationLastDay,
      policy_version: listing.policyVersion,
      delisted_on: listing.delisted?.on ?? null,
      delist_reason: listing.delisted?.reason ?? null,
      valid_from: span?.from ?? null,
      valid_to: span?.to ?? null,
      origin_position: origin,
      under_objection: underObjection ? 1 : 0,
      region_code: region ?? null,
    };
  }
}
