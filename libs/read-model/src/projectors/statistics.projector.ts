import { DomainEvent } from '@app/domain';
import type { StoredEvent } from '@app/event-store';
import type { EntityManager } from 'typeorm';
import type { ProjectionContext } from './projection-context';
import type { Projector } from './projector';
import { KeyedRows } from './support/keyed-rows';
import type { Row } from './support/versioned-rows';

export const STAT_FACTS_TABLE = 'stat_facts';
/** Every version of each fact in system time, so `knownAt` counts as the statistics stood then. */
export const STAT_FACTS_HISTORY_TABLE = 'stat_facts_history';
export const STAT_FACT_COLUMNS = ['fact_id', 'record_id', 'kind', 'on_date', 'institution_uscc', 'domain', 'category', 'counted'] as const;
export type StatKind = 'RECORD' | 'LISTING' | 'BAN' | 'REPAIR';

const RECORD_LINKED = new Set([
  'RecordCorrected',
  'RecordRevoked',
  'InstitutionListed',
  'InstitutionDelisted',
  'ObjectionDecided',
  'AwardBanImposed',
  'AwardBanVoided',
  'RepairDecided',
]);

/**
 * Statistics by region, domain and category (api.md `/v1/stats`): one fact per record (dated by
 * its finding), listing (listedOn), ban (startsOn) and granted repair (decidedOn), carrying the
 * record's current category and domain. What was wrong from the start — a revoked record, a
 * revoked listing, a voided ban — stops counting. A listing is revoked by the objection's
 * `LISTING_REVOKED` decision itself: logs written before the decider delisted a listing that had
 * already ended (by repair, or its period run out) have no `InstitutionDelisted` for it.
 */
export class StatisticsProjector implements Projector {
  readonly name = 'statistics';
  readonly tables = [STAT_FACTS_TABLE, STAT_FACTS_HISTORY_TABLE];
  /** Facts are loaded by record (`loadBy('record_id')`). */
  readonly lookupIndexes = ['stat_facts__record'];

  async apply(events: StoredEvent[], _manager: EntityManager, context: ProjectionContext): Promise<void> {
    const facts = new KeyedRows({ table: STAT_FACTS_TABLE, key: ['fact_id'], columns: STAT_FACT_COLUMNS, group: 'record_id', history: { table: STAT_FACTS_HISTORY_TABLE } }, context);
    await facts.loadBy('record_id', events.filter((e) => RECORD_LINKED.has(e.type)).map((e) => String(e.data.recordId)));
    const ofRecord = (recordId: string) => facts.rowsOf(recordId);
    const fact = (recordId: string, id: string, kind: StatKind, on: string): Row | undefined => {
      const record = facts.get(`record:${recordId}`);
      if (!record) return undefined;
      return { fact_id: id, record_id: recordId, kind, on_date: on, institution_uscc: record.institution_uscc, domain: record.domain, category: record.category, counted: 1 };
    };
    let position = 0;
    const put = (row: Row | undefined) => row && facts.put(row, position);

    for (const event of events) {
      position = event.position;
      const e = { type: event.type, data: event.data } as DomainEvent;
      switch (e.type) {
        case 'DishonestyRecorded': {
          const s = e.data.subject;
          facts.put({
            fact_id: `record:${e.data.recordId}`,
            record_id: e.data.recordId,
            kind: 'RECORD',
            on_date: e.data.finding.findingOn,
            institution_uscc: s.kind === 'INSTITUTION' ? s.id : s.institutionUscc,
            domain: e.data.domain,
            category: e.data.category,
            counted: 1,
          }, position);
          break;
        }
        case 'RecordCorrected': {
          const change = (field: string) => e.data.changes.find((c) => c.field === field)?.newValue;
          const category = change('category');
          const findingOn = change('findingOn');
          for (const row of ofRecord(e.data.recordId)) {
            facts.put({ ...row, ...(category !== undefined && { category }), ...(findingOn !== undefined && row.kind === 'RECORD' && { on_date: findingOn }) }, position);
          }
          break;
        }
        case 'RecordRevoked':
          for (const row of ofRecord(e.data.recordId)) facts.put({ ...row, counted: 0 }, position);
          break;
        case 'InstitutionListed':
          put(fact(e.data.recordId, `listing:${e.data.recordId}`, 'LISTING', e.data.listedOn));
          break;
        case 'InstitutionDelisted': {
          const listing = facts.get(`listing:${e.data.recordId}`);
          if (listing && e.data.reason !== 'REPAIRED') facts.put({ ...listing, counted: 0 }, position);
          break;
        }
        case 'ObjectionDecided': {
          const listing = facts.get(`listing:${e.data.recordId}`);
          if (listing && e.data.outcome === 'LISTING_REVOKED') facts.put({ ...listing, counted: 0 }, position);
          break;
        }
        case 'AwardBanImposed':
          put(fact(e.data.recordId, `ban:${e.data.banId}`, 'BAN', e.data.startsOn));
          break;
        case 'AwardBanVoided': {
          const ban = facts.get(`ban:${e.data.banId}`);
          if (ban) facts.put({ ...ban, counted: 0 }, position);
          break;
        }
        case 'RepairDecided':
          if (e.data.granted) put(fact(e.data.recordId, `repair:${e.data.recordId}:${e.data.applicationId}`, 'REPAIR', e.data.decidedOn));
          break;
        default:
          break;
      }
    }
    await facts.flush();
  }
}
