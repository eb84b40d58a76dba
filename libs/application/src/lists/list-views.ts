import { banEnding, banStatusOn, BusinessDate } from '@app/domain';
import { awardBanOf, Row, toNumber } from '@app/read-model';

export interface PagedList<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

const optional = <K extends string>(key: K, value: unknown) => (value === null || value === undefined ? {} : ({ [key]: String(value) } as Record<K, string>));

/** A dishonest-list row as api.md names its fields, with the events behind it. */
export function dishonestListItem(row: Row) {
  return {
    uscc: String(row.uscc),
    name: row.name === null || row.name === undefined ? null : String(row.name),
    regionCode: row.region_code === null || row.region_code === undefined ? null : String(row.region_code),
    recordId: String(row.record_id),
    listedOn: String(row.listed_on),
    publicationLastDay: String(row.publication_last_day),
    policyVersion: String(row.policy_version),
    /** 异议标注: an objection to the record is undecided (shown in public too, domain.md §4.5). */
    underObjection: toNumber(row.under_objection) === 1,
    ...optional('domain', row.domain),
    ...optional('delistedOn', row.delisted_on),
    ...optional('delistReason', row.delist_reason),
    provenance: { producedBy: toNumber(row.origin_position), versionSince: toNumber(row.sys_from) },
  };
}

/** A ban as api.md's ban list shows it: `status` by the domain's banStatusOn as of `statusOn`. */
export function awardBanItem(row: Row, statusOn: BusinessDate) {
  const banId = String(row.ban_id);
  const ban = awardBanOf(banId, row);
  const ending = banEnding(ban);
  return {
    banId,
    subject: { kind: String(row.subject_kind), id: String(row.subject_id) },
    recordId: String(row.record_id),
    startsOn: ban.startsOn,
    lastDay: ban.lastDay,
    status: banStatusOn(ban, statusOn),
    ...(ending && {
      endedOn: ending.endedOn,
      endedBy: {
        ...ending.endedBy,
        // The reason of the act that ended it: a voiding wins over an earlier lift, as in banEnding.
        reason: ban.voided?.reason ?? ban.liftedEarly?.reason ?? '',
        actor: row.ended_by_sub ? { sub: String(row.ended_by_sub), role: String(row.ended_by_role) } : null,
      },
    }),
    // An early lift stays on show after a voiding supersedes it (domain.md §4.6: both acts show).
    ...(ban.liftedEarly && { liftedEarly: { ...ban.liftedEarly, actor: row.lifted_by_sub ? { sub: String(row.lifted_by_sub), role: String(row.lifted_by_role) } : null } }),
    provenance: { producedBy: toNumber(row.origin_position), ...(row.ended_position !== null && row.ended_position !== undefined && { endedBy: toNumber(row.ended_position) }) },
  };
}

export function exemplarItem(row: Row) {
  return {
    exemplarId: String(row.exemplar_id),
    subject: { kind: String(row.subject_kind), id: String(row.subject_id), name: row.subject_name === null || row.subject_name === undefined ? null : String(row.subject_name) },
    title: String(row.title),
    basis: String(row.basis),
    designatedOn: String(row.designated_on),
    ...optional('validUntil', row.valid_until),
    ...optional('revokedOn', row.revoked_on),
    ...optional('revokeReason', row.revoke_reason),
    // A revocation for 联合惩戒 whose cause was found not to hold: never in force, shown with why. An
    // official's record is not named: the red list is open to every role, the official's records
    // only to those who may read the official's archive (it has the voiding, record and all).
    ...(row.revocation_voided_on ? {
      revocationVoided: {
        revokedOn: String(row.voided_revoked_on),
        revokeReason: String(row.voided_revoke_reason),
        ...(row.subject_kind !== 'OFFICIAL' && { recordId: String(row.voided_caused_by_record_id) }),
        voidedOn: String(row.revocation_voided_on),
        reason: String(row.revocation_void_reason),
      },
    } : {}),
    provenance: { producedBy: toNumber(row.origin_position) },
  };
}
