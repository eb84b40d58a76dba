import { AwardBan, banStatusOn, DomainEvent } from '@app/domain';
import type { StoredEvent } from '@app/event-store';
import type { EntityManager } from 'typeorm';
import type { ProjectionContext } from './projection-context';
import type { Projector } from './projector';
import { datesIn, spanWhere } from './support/valid-time';
import { Row, VersionedRows } from './support/versioned-rows';

export const AWARD_BANS_TABLE = 'award_bans';

export const AWARD_BAN_COLUMNS = [
  'record_id',
  'subject_kind',
  'subject_id',
  'starts_on',
  'last_day',
  'voided_on',
  'void_reason',
  'void_objection_id',
  'lifted_on',
  'lift_legal_basis',
  'lift_decision_no',
  'lift_reason',
  'lifted_by_sub',
  'lifted_by_role',
  'ended_by_sub',
  'ended_by_role',
  'ended_position',
  'active_from',
  'active_to',
  'origin_position',
] as const;

/** The ban as the domain holds it, from a ban row. */
export function awardBanOf(banId: string, row: Row): AwardBan {
  return {
    banId,
    uscc: String(row.subject_id),
    startsOn: String(row.starts_on),
    lastDay: String(row.last_day),
    ...(row.voided_on ? { voided: { on: String(row.voided_on), reason: row.void_reason as 'RECORD_REVOKED', objectionId: String(row.void_objection_id) } } : {}),
    ...(row.lifted_on
      ? { liftedEarly: { on: String(row.lifted_on), legalBasis: String(row.lift_legal_basis), decisionNo: String(row.lift_decision_no), reason: String(row.lift_reason) } }
      : {}),
  };
}

/**
 * Award bans (评先评优 three-year windows), versioned in system time. `active_from`/`active_to`
 * are the dates the domain's banStatusOn says ACTIVE: none for a voided ban, which counts as
 * never in force; the versions before the voiding still show what was known then.
 */
export class AwardBansProjector implements Projector {
  readonly name = 'award-bans';
  readonly tables = [AWARD_BANS_TABLE];

  async apply(events: StoredEvent[], _manager: EntityManager, context: ProjectionContext): Promise<void> {
    const bans = new VersionedRows({ table: AWARD_BANS_TABLE, key: 'ban_id', columns: AWARD_BAN_COLUMNS, numeric: ['origin_position', 'ended_position'] }, context);
    const relevant = events.filter((e) => e.type === 'AwardBanImposed' || e.type === 'AwardBanVoided' || e.type === 'AwardBanLiftedEarly');
    if (relevant.length === 0) return;
    await bans.load(relevant.map((e) => String(e.data.banId)));
    for (const event of relevant) {
      const e = { type: event.type, data: event.data } as DomainEvent;
      const actor = (event.metadata.actor ?? {}) as { sub?: string; role?: string };
      switch (e.type) {
        case 'AwardBanImposed': {
          const { banId, recordId, subject, startsOn, lastDay } = e.data;
          const row: Row = { record_id: recordId, subject_kind: subject.kind, subject_id: subject.id, starts_on: startsOn, last_day: lastDay, origin_position: event.position };
          bans.set(banId, [withActiveSpan(banId, row)], event.position);
          break;
        }
        case 'AwardBanVoided': {
          const [current] = bans.rows(e.data.banId);
          if (!current) break;
          const row: Row = {
            ...current,
            voided_on: e.data.voidedOn,
            void_reason: e.data.reason,
            void_objection_id: e.data.objectionId,
            ended_by_sub: actor.sub ?? null,
            ended_by_role: actor.role ?? null,
            ended_position: event.position,
          };
          bans.set(e.data.banId, [withActiveSpan(e.data.banId, row)], event.position);
          break;
        }
        case 'AwardBanLiftedEarly': {
          const [current] = bans.rows(e.data.banId);
          if (!current) break;
          const row: Row = {
            ...current,
            lifted_on: e.data.on,
            lift_legal_basis: e.data.legalBasis,
            lift_decision_no: e.data.decisionNo,
            lift_reason: e.data.reason,
            // Who lifted it stays named after a voiding ends the ban again (domain.md §4.6).
            lifted_by_sub: actor.sub ?? null,
            lifted_by_role: actor.role ?? null,
            ended_by_sub: actor.sub ?? null,
            ended_by_role: actor.role ?? null,
            ended_position: event.position,
          };
          bans.set(e.data.banId, [withActiveSpan(e.data.banId, row)], event.position);
          break;
        }
        default:
          break;
      }
    }
    await bans.flush();
  }
}

function withActiveSpan(banId: string, row: Row): Row {
  const ban = awardBanOf(banId, row);
  const span = spanWhere((date) => banStatusOn(ban, date) === 'ACTIVE', datesIn(ban));
  return { ...row, active_from: span?.from ?? null, active_to: span?.to ?? null };
}
