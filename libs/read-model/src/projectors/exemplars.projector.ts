import { afterRevocation, DomainEvent, ExemplarState, isExemplarActiveOn } from '@app/domain';
import type { StoredEvent } from '@app/event-store';
import type { EntityManager } from 'typeorm';
import type { ProjectionContext } from './projection-context';
import type { Projector } from './projector';
import { datesIn, spanWhere } from './support/valid-time';
import { Row, VersionedRows } from './support/versioned-rows';

export const EXEMPLARS_TABLE = 'exemplars';

export const EXEMPLAR_COLUMNS = [
  'subject_kind',
  'subject_id',
  'title',
  'basis',
  'designated_on',
  'valid_until',
  'revoked_on',
  'revoke_reason',
  'caused_by_record_id',
  'active_from',
  'active_to',
  'origin_position',
  // The last revocation voided (ExemplarRevocationVoided): what it was, when and why it was voided.
  'voided_revoked_on',
  'voided_revoke_reason',
  'voided_caused_by_record_id',
  'revocation_voided_on',
  'revocation_void_reason',
  // A revocation by hand superseded by one for 联合惩戒 from an earlier day: back in force if that one is voided.
  'aside_revoked_on',
  'aside_revoke_reason',
] as const;

export function exemplarStateOf(exemplarId: string, row: Row): ExemplarState {
  return {
    status: 'DESIGNATED',
    exemplarId,
    subject: { kind: row.subject_kind as 'INSTITUTION', id: String(row.subject_id) },
    title: String(row.title),
    basis: String(row.basis),
    designatedOn: String(row.designated_on),
    ...(row.valid_until ? { validUntil: String(row.valid_until) } : {}),
    ...(row.revoked_on ? { revoked: { on: String(row.revoked_on), reason: String(row.revoke_reason) } } : {}),
  };
}

/** The red list (诚信典型): designations versioned in system time, with the dates they are active. */
export class ExemplarsProjector implements Projector {
  readonly name = 'red-list';
  readonly tables = [EXEMPLARS_TABLE];

  async apply(events: StoredEvent[], _manager: EntityManager, context: ProjectionContext): Promise<void> {
    const relevant = events.filter((e) => e.type === 'ExemplarDesignated' || e.type === 'ExemplarRevoked' || e.type === 'ExemplarRevocationVoided');
    if (relevant.length === 0) return;
    const exemplars = new VersionedRows({ table: EXEMPLARS_TABLE, key: 'exemplar_id', columns: EXEMPLAR_COLUMNS, numeric: ['origin_position'] }, context);
    await exemplars.load(relevant.map((e) => String(e.data.exemplarId)));
    for (const event of relevant) {
      const e = { type: event.type, data: event.data } as DomainEvent;
      if (e.type === 'ExemplarDesignated') {
        const { exemplarId, subject, title, basis, designatedOn, validUntil } = e.data;
        const row: Row = { subject_kind: subject.kind, subject_id: subject.id, title, basis, designated_on: designatedOn, valid_until: validUntil ?? null, origin_position: event.position };
        exemplars.set(exemplarId, [withActiveSpan(exemplarId, row)], event.position);
      } else if (e.type === 'ExemplarRevoked') {
        const [current] = exemplars.rows(e.data.exemplarId);
        if (!current) continue;
        // As evolveExemplar (afterRevocation): the revocation in force and one by hand kept aside.
        type Standing = { on: string; reason: string; causedBy: unknown };
        const inForce: Standing | undefined = current.revoked_on ? { on: String(current.revoked_on), reason: String(current.revoke_reason), causedBy: current.caused_by_record_id ?? null } : undefined;
        const aside: Standing | undefined = current.aside_revoked_on ? { on: String(current.aside_revoked_on), reason: String(current.aside_revoke_reason), causedBy: null } : undefined;
        const after = afterRevocation(inForce, aside, { on: e.data.on, reason: e.data.reason, causedBy: e.data.causedByRecordId ?? null });
        const row: Row = {
          ...current,
          revoked_on: after.inForce.on,
          revoke_reason: after.inForce.reason,
          caused_by_record_id: after.inForce.causedBy,
          aside_revoked_on: after.aside?.on ?? null,
          aside_revoke_reason: after.aside?.reason ?? null,
        };
        exemplars.set(e.data.exemplarId, [withActiveSpan(e.data.exemplarId, row)], event.position);
      } else if (e.type === 'ExemplarRevocationVoided') {
        // Never in force: the title is active on every day of its designation again, up to a revocation by
        // hand it had superseded (knownAt shows the revocation).
        const [current] = exemplars.rows(e.data.exemplarId);
        if (!current?.revoked_on) continue;
        const row: Row = {
          ...current,
          // The revocation by hand it had superseded, if any, is in force again.
          revoked_on: current.aside_revoked_on ?? null,
          revoke_reason: current.aside_revoke_reason ?? null,
          caused_by_record_id: null,
          aside_revoked_on: null,
          aside_revoke_reason: null,
          voided_revoked_on: current.revoked_on,
          voided_revoke_reason: current.revoke_reason,
          voided_caused_by_record_id: current.caused_by_record_id,
          revocation_voided_on: e.data.voidedOn,
          revocation_void_reason: e.data.reason,
        };
        exemplars.set(e.data.exemplarId, [withActiveSpan(e.data.exemplarId, row)], event.position);
      }
    }
    await exemplars.flush();
  }
}

function withActiveSpan(exemplarId: string, row: Row): Row {
  const state = exemplarStateOf(exemplarId, row);
  const span = spanWhere((date) => isExemplarActiveOn(state, date), datesIn(state));
  return { ...row, active_from: span?.from ?? null, active_to: span?.to ?? null };
}
