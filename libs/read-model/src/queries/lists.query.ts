import { DISHONEST_LIST_TABLES } from '../projectors/dishonest-list.projector';
import { GREY_LIST_TABLES } from '../projectors/grey-list.projector';
import { PUBLIC_RECORDS_TABLES } from '../projectors/public-records.projector';
import { Sql, toNumber } from '../sql/sql';
import { OPEN_POSITION } from '../projectors/support/versioned-rows';
import type { Row } from '../projectors/support/versioned-rows';

export interface Page {
  limit: number;
  offset: number;
}

export interface Paged<T> {
  items: T[];
  total: number;
}

/** System time: the version in force at a log position, or the current one. */
function asOf(alias: string, position: number | undefined): { where: string; params: unknown[] } {
  return position === undefined
    ? { where: `${alias}.sys_to = ${OPEN_POSITION}`, params: [] }
    : { where: `${alias}.sys_from <= ? AND ${alias}.sys_to > ?`, params: [position, position] };
}

async function paged(sql: Sql, select: string, from: string, params: unknown[], orderBy: string, page: Page): Promise<Paged<Row>> {
  const [{ total }] = await sql.rows<{ total: unknown }>(`SELECT COUNT(*) AS total FROM ${from}`, params);
  const items = await sql.rows<Row>(`SELECT ${select} FROM ${from} ORDER BY ${orderBy} LIMIT ? OFFSET ?`, [...params, page.limit, page.offset]);
  return { items, total: toNumber(total) };
}

export interface DishonestListFilter {
  /** Valid time: who is on the list on this date. */
  on: string;
  /** And on this date too (a listing is one span of days: on both, and every day between). */
  through?: string;
  /** System time: as the list stood at this log position (default: now). */
  position?: number;
  region?: string;
  domain?: string;
  uscc?: string;
}

/**
 * A list as known at a log position splits in two parts, each served by an index:
 * - the versions still current (`sys_to = OPEN`) that were known by P (`sys_from <= P`): the
 *   page index (sys_to, display order, ...) walks them in display order, so taking the first
 *   offset + limit of them stops early;
 * - the versions replaced since P (`P < sys_to < OPEN`, `sys_from <= P`): a range of the count
 *   index on sys_to, as long as what changed in this table after P (its closings, not the log).
 * Without a position only the first part exists (every current version).
 */
function systemTimeParts(alias: string, position: number | undefined): Array<{ where: string; params: unknown[] }> {
  return position === undefined
    ? [{ where: `${alias}.sys_to = ${OPEN_POSITION}`, params: [] }]
    : [
        { where: `${alias}.sys_to = ${OPEN_POSITION} AND ${alias}.sys_from <= ?`, params: [position] },
        { where: `${alias}.sys_to > ? AND ${alias}.sys_to < ${OPEN_POSITION} AND ${alias}.sys_from <= ?`, params: [position, position] },
      ];
}

interface PartCounts {
  total: number;
  /** The parts that have rows (the others are left out of the page query). */
  parts: Array<{ where: string; params: unknown[] }>;
}

/** Counts every part in one statement, each on a covering index; `from` gives a part's FROM ... WHERE. */
async function countParts(sql: Sql, parts: Array<{ where: string; params: unknown[] }>, from: (where: string) => string, params: unknown[], count = 'COUNT(*)'): Promise<PartCounts> {
  const [row] = await sql.rows<Record<string, unknown>>(
    `SELECT ${parts.map((part, i) => `(SELECT ${count} FROM ${from(part.where)}) AS c${i}`).join(', ')}`,
    parts.flatMap((part) => [...part.params, ...params]),
  );
  const counts = parts.map((_, i) => toNumber(row[`c${i}`]));
  return { total: counts.reduce((a, b) => a + b, 0), parts: parts.filter((_, i) => counts[i] > 0) };
}

/**
 * The keys of one page: with one part, that part's page in SQL; with two, each part's first
 * offset + limit keys in display order (each walks or sorts on its own index), merged and paged.
 * `keys` selects a part's key columns (the order columns among them) from its FROM ... WHERE.
 */
function pageOfParts(parts: Array<{ where: string; params: unknown[] }>, keys: (where: string) => string, params: unknown[], orderBy: string, outerOrderBy: string, page: Page) {
  if (parts.length === 1) return { sql: `${keys(parts[0].where)} ORDER BY ${orderBy} LIMIT ? OFFSET ?`, params: [...parts[0].params, ...params, page.limit, page.offset] };
  const window = page.offset + page.limit;
  return {
    sql: `${parts.map((part, i) => `SELECT * FROM (${keys(part.where)} ORDER BY ${orderBy} LIMIT ?) p${i}`).join(' UNION ALL ')} ORDER BY ${outerOrderBy} LIMIT ? OFFSET ?`,
    params: [...parts.flatMap((part) => [...part.params, ...params, window]), page.limit, page.offset],
  };
}

interface ListKey {
  record_id: string;
  listed_on: string;
}

/** Display order of the list: the latest listings first. */
const byListing = (a: ListKey, b: ListKey): number =>
  a.listed_on !== b.listed_on ? (a.listed_on < b.listed_on ? 1 : -1) : a.record_id < b.record_id ? 1 : a.record_id > b.record_id ? -1 : 0;

/**
 * A GB/T 2260 region and the regions under it: a province (`370000`) holds its cities (`3701xx`)
 * and their districts, a city (`370100`) its districts (`370112`), a district only itself. As a
 * range of codes on a row's `region_code` (its institution's, kept on the list rows and last in
 * their covering indexes, so a province-wide count reads index entries only).
 */
export function regionCodes(region: string): [string, string] {
  const prefix = region.replace(/(00)+$/, '');
  return [prefix.padEnd(6, '0'), prefix.padEnd(6, '9')];
}

/** Up to this many institutions, a region's rows are also looked up through its institutions (regionFilter). */
export const NARROW_REGION_INSTITUTIONS = 2000;

/**
 * The condition "the row's institution is in `region`" on a list table's alias: the range on the
 * row's region code, which the covering indexes answer for a city or a province by reading their
 * entries. A district holds a few institutions, whose rows are few among many: for it the rows are
 * also asked for by institution (`usccColumn` in the district's institutions), which the list's
 * institution index finds directly instead of walking every entry. The institutions come from the
 * list projector's own `regions` table (its region index), never another projector's, so the
 * answer is the list's as of its own checkpoint. Which form is decided by counting the region's
 * institutions up to `narrowUpTo` + 1.
 */
export async function regionFilter(
  sql: Sql,
  alias: string,
  usccColumn: string,
  regions: string,
  region: string,
  narrowUpTo = NARROW_REGION_INSTITUTIONS,
): Promise<{ sql: string; params: unknown[] }> {
  const codes = regionCodes(region);
  const range = { sql: `${alias}.region_code BETWEEN ? AND ?`, params: codes as unknown[] };
  const institutions = `SELECT uscc FROM ${regions} WHERE region_code BETWEEN ? AND ?`;
  const [row] = await sql.rows<{ n: unknown }>(`SELECT COUNT(*) AS n FROM (${institutions} LIMIT ${narrowUpTo + 1}) r`, codes);
  if (toNumber(row?.n) > narrowUpTo) return range;
  return { sql: `${range.sql} AND ${alias}.${usccColumn} IN (${institutions})`, params: [...codes, ...codes] };
}

/**
 * The serious-dishonesty list on a date, as known at a position. The total is counted on the
 * list's covering count index (one statement for both parts of a past position); the page's keys
 * come from the page index in display order (the current part stops at offset + limit) merged with
 * the versions replaced since P, and only the page's rows are read, joined to their institutions,
 * in the same statement. A page beyond the total reads nothing more.
 */
export async function queryDishonestList(sql: Sql, filter: DishonestListFilter, page: Page): Promise<Paged<Row>> {
  const [first, last] = filter.through === undefined ? [filter.on, filter.on] : [filter.on, filter.through].sort();
  const where = ['l.valid_from <= ?', 'l.valid_to >= ?'];
  const params: unknown[] = [first, last];
  if (filter.region) {
    const region = await regionFilter(sql, 'l', 'uscc', DISHONEST_LIST_TABLES.regions, filter.region);
    where.push(region.sql);
    params.push(...region.params);
  }
  if (filter.domain) (where.push('l.domain = ?'), params.push(filter.domain));
  if (filter.uscc) (where.push('l.uscc = ?'), params.push(filter.uscc));
  const from = (part: string) => `dishonest_list l WHERE ${part} AND ${where.join(' AND ')}`;
  const { total, parts } = await countParts(sql, systemTimeParts('l', filter.position), from, params);
  if (parts.length === 0 || page.offset >= total || page.limit <= 0) return { items: [], total };
  const keys = pageOfParts(parts, (part) => `SELECT l.record_id, l.sys_from, l.listed_on FROM ${from(part)}`, params, 'l.listed_on DESC, l.record_id DESC', 'listed_on DESC, record_id DESC', page);
  const items = await sql.rows<Row>(
    `SELECT d.record_id, d.uscc, i.name, i.region_code, d.domain, d.listed_on, d.minimum_last_day, d.publication_last_day, d.policy_version,
            d.delisted_on, d.delist_reason, d.sys_from, d.origin_position, d.under_objection
       FROM (${keys.sql}) k
       JOIN dishonest_list d ON d.record_id = k.record_id AND d.sys_from = k.sys_from AND d.seq = 0
       LEFT JOIN institutions i ON i.uscc = d.uscc`,
    keys.params,
  );
  return { items: items.sort((a, b) => byListing(a as unknown as ListKey, b as unknown as ListKey)), total };
}

export interface AwardBanFilter {
  /** Only the bans ACTIVE on this date; without it, every ban. */
  activeOn?: string;
  subjectId?: string;
  recordId?: string;
  position?: number;
}

export async function queryAwardBans(sql: Sql, filter: AwardBanFilter, page: Page): Promise<Paged<Row>> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.activeOn) (where.push('b.active_from <= ? AND b.active_to >= ?'), params.push(filter.activeOn, filter.activeOn));
  if (filter.subjectId) (where.push('b.subject_id = ?'), params.push(filter.subjectId));
  if (filter.recordId) (where.push('b.record_id = ?'), params.push(filter.recordId));
  const from = (part: string) => `award_bans b WHERE ${[part, ...where].join(' AND ')}`;
  const { total, parts } = await countParts(sql, systemTimeParts('b', filter.position), from, params);
  if (parts.length === 0 || page.offset >= total || page.limit <= 0) return { items: [], total };
  const keys = pageOfParts(parts, (part) => `SELECT b.ban_id, b.sys_from, b.starts_on FROM ${from(part)}`, params, 'b.starts_on DESC, b.ban_id DESC', 'starts_on DESC, ban_id DESC', page);
  const items = await sql.rows<Row>(
    `SELECT a.* FROM (${keys.sql}) k
       JOIN award_bans a ON a.ban_id = k.ban_id AND a.sys_from = k.sys_from AND a.seq = 0
      ORDER BY a.starts_on DESC, a.ban_id DESC`,
    keys.params,
  );
  return { items, total };
}

/**
 * The red list on a date. Counted on the exemplars alone (the subject joins are to unique keys:
 * they neither add nor drop rows); the page's keys come from the page index, then its rows.
 */
export async function queryExemplars(sql: Sql, filter: { on: string; position?: number }, page: Page): Promise<Paged<Row>> {
  const params: unknown[] = [filter.on, filter.on];
  const from = (part: string) => `exemplars x WHERE ${part} AND x.active_from <= ? AND x.active_to >= ?`;
  const { total, parts } = await countParts(sql, systemTimeParts('x', filter.position), from, params);
  if (parts.length === 0 || page.offset >= total || page.limit <= 0) return { items: [], total };
  const keys = pageOfParts(
    parts,
    (part) => `SELECT x.exemplar_id, x.sys_from, x.seq, x.designated_on FROM ${from(part)}`,
    params,
    'x.designated_on DESC, x.exemplar_id DESC',
    'designated_on DESC, exemplar_id DESC',
    page,
  );
  const items = await sql.rows<Row>(
    `SELECT x.*, COALESCE(i.name, o.name) AS subject_name FROM (${keys.sql}) k
       JOIN exemplars x ON x.exemplar_id = k.exemplar_id AND x.sys_from = k.sys_from AND x.seq = k.seq
       LEFT JOIN institutions i ON x.subject_kind = 'INSTITUTION' AND i.uscc = x.subject_id
       LEFT JOIN officials o ON x.subject_kind = 'OFFICIAL' AND o.person_id = x.subject_id
      ORDER BY x.designated_on DESC, x.exemplar_id DESC`,
    keys.params,
  );
  return { items, total };
}

/**
 * The grey list on a date: one item per institution, with every reason and what causes it.
 * Institutions are counted and paged by uscc on the page index (sys_to, uscc, ...): the current
 * part walks it in uscc order and stops at offset + limit institutions; as known at a past
 * position, the versions replaced since are merged in (UNION: an institution counts once).
 */
export async function queryGreyList(sql: Sql, filter: { on: string; position?: number; region?: string }, page: Page): Promise<Paged<Row & { reasons: Row[] }>> {
  const where = ['g.valid_from <= ?', 'g.valid_to >= ?'];
  const params: unknown[] = [filter.on, filter.on];
  if (filter.region) {
    const region = await regionFilter(sql, 'g', 'uscc', GREY_LIST_TABLES.regions, filter.region);
    where.push(region.sql);
    params.push(...region.params);
  }
  const from = (part: string) => `grey_list g WHERE ${part} AND ${where.join(' AND ')}`;
  const parts = systemTimeParts('g', filter.position);
  const partParams = parts.flatMap((part) => [...part.params, ...params]);
  const [{ total: counted }] = await sql.rows<{ total: unknown }>(
    parts.length === 1
      ? `SELECT COUNT(DISTINCT g.uscc) AS total FROM ${from(parts[0].where)}`
      : `SELECT COUNT(u.uscc) AS total FROM (${parts.map((part) => `SELECT g.uscc FROM ${from(part.where)}`).join(' UNION ')}) u`,
    partParams,
  );
  const total = toNumber(counted);
  if (page.offset >= total || page.limit <= 0) return { items: [], total };
  const window = page.offset + page.limit;
  // The current part's first offset + limit institutions in uscc order; the replaced part whole
  // (a range of sys_to, as small as this table's changes since P): ordered and limited, PostgreSQL
  // would walk grey_list__uscc for it, every version of every institution.
  const [current, ...replaced] = parts;
  const heads = await sql.rows<Row>(
    `SELECT h.uscc, i.name, i.region_code
       FROM (SELECT uscc FROM (SELECT DISTINCT g.uscc FROM ${from(current.where)} ORDER BY g.uscc LIMIT ?) p0
             ${replaced.map((part) => `UNION SELECT g.uscc FROM ${from(part.where)}`).join(' ')}
             ORDER BY uscc LIMIT ? OFFSET ?) h
       LEFT JOIN institutions i ON i.uscc = h.uscc
      ORDER BY h.uscc`,
    [...current.params, ...params, window, ...replaced.flatMap((part) => [...part.params, ...params]), page.limit, page.offset],
  );
  if (heads.length === 0) return { items: [], total };
  const known = asOf('g', filter.position);
  const reasons = await sql.rows<Row>(
    `SELECT g.uscc, g.reason, g.source_id, g.valid_from, g.valid_to FROM grey_list g
      WHERE ${known.where} AND g.valid_from <= ? AND g.valid_to >= ? AND g.uscc IN (${heads.map(() => '?').join(',')}) ORDER BY g.uscc, g.reason, g.source_id`,
    [...known.params, filter.on, filter.on, ...heads.map((h) => h.uscc)],
  );
  return { items: heads.map((h) => ({ ...h, reasons: reasons.filter((r) => r.uscc === h.uscc) })), total };
}

export type QueueKind = 'objections' | 'rectifications' | 'checks' | 'accountability';

const QUEUES: Record<QueueKind, { table: string; due: string; tie: string }> = {
  objections: { table: 'objection_queue', due: 'due_on', tie: 'filed_on, record_id, objection_id' },
  rectifications: { table: 'rectification_queue', due: 'deadline', tie: 'ordered_on, record_id, order_id' },
  checks: { table: 'check_queue', due: 'due_on', tie: 'checked_on, check_id' },
  accountability: { table: 'accountability_queue', due: 'required_on', tie: 'record_id, obligation_id' },
};

/**
 * Open items of a queue, overdue first (the earliest due date first), with `overdue` as of
 * `today`; at a past log `position` (system time), the items open then, from the queue's history.
 */
export async function queryQueue(sql: Sql, kind: QueueKind, today: string, page: Page, position?: number): Promise<Paged<Row>> {
  const q = QUEUES[kind];
  const [from, params] = position === undefined ? [q.table, []] : [`${q.table}_history h WHERE h.sys_from <= ? AND h.sys_to > ?`, [position, position]];
  const result = await paged(sql, '*', from, params, `${q.due}, ${q.tie}`, page);
  return { ...result, items: result.items.map((row) => ({ ...row, overdue: String(row[q.due]) < today })) };
}

export type StatsGroup = 'region' | 'domain' | 'category';

/**
 * Counts of records, listings, bans and repairs dated within [from, to], by group; at a past log
 * `position` (system time), as the facts stood then (their history).
 */
export async function queryStats(sql: Sql, groupBy: StatsGroup, from: string, to: string, position?: number): Promise<Array<{ key: string | null; kind: string; count: number }>> {
  const key = groupBy === 'region' ? 'i.region_code' : `f.${groupBy}`;
  const [facts, known, params] = position === undefined ? ['stat_facts', '', []] : ['stat_facts_history', ' AND f.sys_from <= ? AND f.sys_to > ?', [position, position]];
  const rows = await sql.rows<{ key: string | null; kind: string; count: unknown }>(
    `SELECT ${key} AS key, f.kind AS kind, COUNT(*) AS count FROM ${facts} f LEFT JOIN institutions i ON i.uscc = f.institution_uscc
     WHERE f.counted = 1 AND f.on_date >= ? AND f.on_date <= ?${known} GROUP BY ${key}, f.kind ORDER BY ${key}, f.kind`,
    [from, to, ...params],
  );
  return rows.map((r) => ({ key: r.key, kind: r.kind, count: toNumber(r.count) }));
}

export interface PublicRecordFilter {
  on: string;
  region?: string;
  publishOfficials: boolean;
}

/**
 * Public on D: the record in publication, or its listing on the list (the public list's rule,
 * so the records view, the export and the public list agree): a MINOR record is public only
 * through its listing, and a listing may outlast the record's own publication. The row keeps
 * those days joined as at most two disjoint spans (shown, reshown: the projector's shownSpans).
 * `where` says it in one condition; `parts` in two disjoint ones, each counted on a covering
 * index of its own, a range on its span's last day (public_records__shown, __reshown).
 */
function publicWhere(filter: PublicRecordFilter, region?: { sql: string; params: unknown[] }): { where: string; params: unknown[]; parts: Array<{ where: string; params: unknown[] }>; filters: string; filterParams: unknown[] } {
  const { on } = filter;
  const filters: string[] = [];
  const filterParams: unknown[] = [];
  if (!filter.publishOfficials) filters.push("p.subject_kind = 'INSTITUTION'");
  if (region) (filters.push(region.sql), filterParams.push(...region.params));
  const and = filters.map((f) => ` AND ${f}`).join('');
  return {
    where: `((p.shown_to >= ? AND p.shown_from <= ?) OR (p.reshown_to >= ? AND p.reshown_from <= ?))${and}`,
    params: [on, on, on, on, ...filterParams],
    parts: [
      { where: 'p.shown_to >= ? AND p.shown_from <= ?', params: [on, on] },
      { where: 'p.reshown_to >= ? AND p.reshown_from <= ?', params: [on, on] },
    ],
    filters: and,
    filterParams,
  };
}

const PUBLIC_SELECT =
  'p.record_id, p.subject_kind, p.institution_uscc, i.name AS institution_name, i.region_code, p.official_name, p.category, p.severity, p.domain, p.description, p.finding_type, p.finding_document_no, p.finding_authority, p.finding_on, p.pub_from, p.publication_last_day, p.under_objection, p.listed_on, p.listing_last_day, p.delisted_on';

/** Records the public sees on a date: in publication or listed, officials only when the deployment publishes them. */
export async function queryPublicRecords(sql: Sql, filter: PublicRecordFilter, page: Page): Promise<Paged<Row>> {
  const region = filter.region ? await regionFilter(sql, 'p', 'institution_uscc', PUBLIC_RECORDS_TABLES.regions, filter.region) : undefined;
  const { where, params, parts, filters, filterParams } = publicWhere(filter, region);
  const { total } = await countParts(sql, parts, (part) => `public_records p WHERE ${part}${filters}`, filterParams);
  if (page.offset >= total || page.limit <= 0) return { items: [], total };
  const from = `public_records p WHERE ${where}`;
  const items = await sql.rows<Row>(
    `SELECT ${PUBLIC_SELECT} FROM (SELECT p.record_id FROM ${from} ORDER BY p.finding_on DESC, p.record_id DESC LIMIT ? OFFSET ?) k
       JOIN public_records p ON p.record_id = k.record_id
       LEFT JOIN institutions i ON i.uscc = p.institution_uscc ORDER BY p.finding_on DESC, p.record_id DESC`,
    [...params, page.limit, page.offset],
  );
  return { items, total };
}

/**
 * Every public record, a page at a time by keyset (record_id), so an export of any size holds
 * one page in memory and never pays for an OFFSET.
 */
export async function* publicRecordPages(sql: Sql, filter: PublicRecordFilter, pageSize = 1000): AsyncGenerator<Row[]> {
  const region = filter.region ? await regionFilter(sql, 'p', 'institution_uscc', PUBLIC_RECORDS_TABLES.regions, filter.region) : undefined;
  const { where, params } = publicWhere(filter, region);
  let after = '';
  for (;;) {
    const rows = await sql.rows<Row>(
      `SELECT ${PUBLIC_SELECT} FROM public_records p LEFT JOIN institutions i ON i.uscc = p.institution_uscc WHERE ${where} AND p.record_id > ? ORDER BY p.record_id LIMIT ?`,
      [...params, after, pageSize],
    );
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < pageSize) return;
    after = String(rows[rows.length - 1].record_id);
  }
}
