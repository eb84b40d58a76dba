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
  /** System time: as the list stood at this log position (default: now). */
  position?: number;
  region?: string;
  domain?: string;
  uscc?: string;
}

interface ListKey {
  record_id: string;
  sys_from: unknown;
  listed_on: string;
}

/** Display order of the list: the latest listings first. */
const byListing = (a: ListKey, b: ListKey): number =>
  a.listed_on !== b.listed_on ? (a.listed_on < b.listed_on ? 1 : -1) : a.record_id < b.record_id ? 1 : a.record_id > b.record_id ? -1 : 0;

/**
 * The serious-dishonesty list on a date, as known at a position. Pages are chosen on the list's
 * own indexes (covering: counting and ordering never read the rows); only the page's rows are
 * read and joined to their institutions.
 *
 * As known at a past position P, the list is the versions in force then: those still current
 * (walked in display order on the page index, so a page stops early) and those replaced after P
 * (few when P is recent). Both give their first offset + limit keys; the page is their merge.
 */
export async function queryDishonestList(sql: Sql, filter: DishonestListFilter, page: Page): Promise<Paged<Row>> {
  const where = ['l.valid_from <= ?', 'l.valid_to >= ?'];
  const params: unknown[] = [filter.on, filter.on];
  if (filter.region) (where.push('l.uscc IN (SELECT uscc FROM institutions WHERE region_code = ?)'), params.push(filter.region));
  if (filter.domain) (where.push('l.domain = ?'), params.push(filter.domain));
  if (filter.uscc) (where.push('l.uscc = ?'), params.push(filter.uscc));
  const parts: Array<{ where: string; params: unknown[] }> =
    filter.position === undefined
      ? [{ where: `l.sys_to = ${OPEN_POSITION}`, params: [] }]
      : [
          { where: `l.sys_to = ${OPEN_POSITION} AND l.sys_from <= ?`, params: [filter.position] },
          { where: `l.sys_to > ? AND l.sys_to < ${OPEN_POSITION} AND l.sys_from <= ?`, params: [filter.position, filter.position] },
        ];
  let total = 0;
  const keys: ListKey[] = [];
  for (const part of parts) {
    const from = `dishonest_list l WHERE ${part.where} AND ${where.join(' AND ')}`;
    const partParams = [...part.params, ...params];
    const [count] = await sql.rows<{ total: unknown }>(`SELECT COUNT(*) AS total FROM ${from}`, partParams);
    total += toNumber(count.total);
    // One part pages in SQL; two parts each give their first offset + limit keys for the merge.
    const window = parts.length === 1 ? [page.limit, page.offset] : [page.offset + page.limit, 0];
    keys.push(
      ...(await sql.rows<ListKey>(`SELECT l.record_id, l.sys_from, l.listed_on FROM ${from} ORDER BY l.listed_on DESC, l.record_id DESC LIMIT ? OFFSET ?`, [
        ...partParams,
        ...window,
      ])),
    );
  }
  const chosen = parts.length === 1 ? keys : keys.sort(byListing).slice(page.offset, page.offset + page.limit);
  if (chosen.length === 0) return { items: [], total };
  const items = await sql.rows<Row>(
    `SELECT d.record_id, d.uscc, i.name, i.region_code, d.domain, d.listed_on, d.minimum_last_day, d.publication_last_day, d.policy_version,
            d.delisted_on, d.delist_reason, d.sys_from, d.origin_position
       FROM dishonest_list d LEFT JOIN institutions i ON i.uscc = d.uscc
      WHERE d.seq = 0 AND (${chosen.map(() => '(d.record_id = ? AND d.sys_from = ?)').join(' OR ')})`,
    chosen.flatMap((k) => [k.record_id, k.sys_from]),
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
  const known = asOf('b', filter.position);
  const where = [known.where];
  const params: unknown[] = [...known.params];
  if (filter.activeOn) (where.push('b.active_from <= ? AND b.active_to >= ?'), params.push(filter.activeOn, filter.activeOn));
  if (filter.subjectId) (where.push('b.subject_id = ?'), params.push(filter.subjectId));
  if (filter.recordId) (where.push('b.record_id = ?'), params.push(filter.recordId));
  const from = `award_bans b WHERE ${where.join(' AND ')}`;
  const [{ total }] = await sql.rows<{ total: unknown }>(`SELECT COUNT(*) AS total FROM ${from}`, params);
  const items = await sql.rows<Row>(
    `SELECT a.* FROM (SELECT b.ban_id, b.sys_from FROM ${from} ORDER BY b.starts_on DESC, b.ban_id DESC LIMIT ? OFFSET ?) k
       JOIN award_bans a ON a.ban_id = k.ban_id AND a.sys_from = k.sys_from AND a.seq = 0
      ORDER BY a.starts_on DESC, a.ban_id DESC`,
    [...params, page.limit, page.offset],
  );
  return { items, total: toNumber(total) };
}

export function queryExemplars(sql: Sql, filter: { on: string; position?: number }, page: Page): Promise<Paged<Row>> {
  const known = asOf('x', filter.position);
  return paged(
    sql,
    'x.*, COALESCE(i.name, o.name) AS subject_name',
    `exemplars x LEFT JOIN institutions i ON x.subject_kind = 'INSTITUTION' AND i.uscc = x.subject_id LEFT JOIN officials o ON x.subject_kind = 'OFFICIAL' AND o.person_id = x.subject_id WHERE ${known.where} AND x.active_from <= ? AND x.active_to >= ?`,
    [...known.params, filter.on, filter.on],
    'x.designated_on DESC, x.exemplar_id DESC',
    page,
  );
}

/** The grey list on a date: one item per institution, with every reason and what causes it. */
export async function queryGreyList(sql: Sql, filter: { on: string; position?: number; region?: string }, page: Page): Promise<Paged<Row & { reasons: Row[] }>> {
  const known = asOf('g', filter.position);
  const where = `${known.where} AND g.valid_from <= ? AND g.valid_to >= ?${filter.region ? ' AND i.region_code = ?' : ''}`;
  const params = [...known.params, filter.on, filter.on, ...(filter.region ? [filter.region] : [])];
  const from = `grey_list g LEFT JOIN institutions i ON i.uscc = g.uscc WHERE ${where}`;
  const [{ total }] = await sql.rows<{ total: unknown }>(`SELECT COUNT(DISTINCT g.uscc) AS total FROM ${from}`, params);
  const heads = await sql.rows<Row>(`SELECT g.uscc, MAX(i.name) AS name, MAX(i.region_code) AS region_code FROM ${from} GROUP BY g.uscc ORDER BY g.uscc LIMIT ? OFFSET ?`, [
    ...params,
    page.limit,
    page.offset,
  ]);
  if (heads.length === 0) return { items: [], total: toNumber(total) };
  const reasons = await sql.rows<Row>(
    `SELECT g.uscc, g.reason, g.source_id, g.valid_from, g.valid_to FROM ${from} AND g.uscc IN (${heads.map(() => '?').join(',')}) ORDER BY g.uscc, g.reason, g.source_id`,
    [...params, ...heads.map((h) => h.uscc)],
  );
  return { items: heads.map((h) => ({ ...h, reasons: reasons.filter((r) => r.uscc === h.uscc) })), total: toNumber(total) };
}

export type QueueKind = 'objections' | 'rectifications' | 'checks' | 'accountability';

const QUEUES: Record<QueueKind, { table: string; due: string; tie: string }> = {
  objections: { table: 'objection_queue', due: 'due_on', tie: 'filed_on, record_id, objection_id' },
  rectifications: { table: 'rectification_queue', due: 'deadline', tie: 'ordered_on, record_id, order_id' },
  checks: { table: 'check_queue', due: 'due_on', tie: 'checked_on, check_id' },
  accountability: { table: 'accountability_queue', due: 'required_on', tie: 'record_id, obligation_id' },
};

/** Open items of a queue, overdue first (the earliest due date first), with `overdue` as of `today`. */
export async function queryQueue(sql: Sql, kind: QueueKind, today: string, page: Page): Promise<Paged<Row>> {
  const q = QUEUES[kind];
  const result = await paged(sql, '*', q.table, [], `${q.due}, ${q.tie}`, page);
  return { ...result, items: result.items.map((row) => ({ ...row, overdue: String(row[q.due]) < today })) };
}

export type StatsGroup = 'region' | 'domain' | 'category';

/** Counts of records, listings, bans and repairs dated within [from, to], by group. */
export async function queryStats(sql: Sql, groupBy: StatsGroup, from: string, to: string): Promise<Array<{ key: string | null; kind: string; count: number }>> {
  const key = groupBy === 'region' ? 'i.region_code' : `f.${groupBy}`;
  const rows = await sql.rows<{ key: string | null; kind: string; count: unknown }>(
    `SELECT ${key} AS key, f.kind AS kind, COUNT(*) AS count FROM stat_facts f LEFT JOIN institutions i ON i.uscc = f.institution_uscc
     WHERE f.counted = 1 AND f.on_date >= ? AND f.on_date <= ? GROUP BY ${key}, f.kind ORDER BY ${key}, f.kind`,
    [from, to],
  );
  return rows.map((r) => ({ key: r.key, kind: r.kind, count: toNumber(r.count) }));
}

export interface PublicRecordFilter {
  on: string;
  region?: string;
  publishOfficials: boolean;
}

function publicWhere(filter: PublicRecordFilter): { where: string; params: unknown[] } {
  const where = ['p.pub_from <= ?', 'p.pub_to >= ?'];
  const params: unknown[] = [filter.on, filter.on];
  if (!filter.publishOfficials) where.push("p.subject_kind = 'INSTITUTION'");
  if (filter.region) (where.push('p.institution_uscc IN (SELECT uscc FROM institutions WHERE region_code = ?)'), params.push(filter.region));
  return { where: where.join(' AND '), params };
}

const PUBLIC_SELECT =
  'p.record_id, p.subject_kind, p.institution_uscc, i.name AS institution_name, i.region_code, p.official_name, p.category, p.severity, p.domain, p.description, p.finding_type, p.finding_document_no, p.finding_authority, p.finding_on, p.pub_from, p.publication_last_day, p.under_objection, p.listed_on, p.listing_last_day, p.delisted_on';

/** Records the public sees on a date: in publication, officials only when the deployment publishes them. */
export async function queryPublicRecords(sql: Sql, filter: PublicRecordFilter, page: Page): Promise<Paged<Row>> {
  const { where, params } = publicWhere(filter);
  const from = `public_records p WHERE ${where}`;
  const [{ total }] = await sql.rows<{ total: unknown }>(`SELECT COUNT(*) AS total FROM ${from}`, params);
  const items = await sql.rows<Row>(
    `SELECT ${PUBLIC_SELECT} FROM (SELECT p.record_id FROM ${from} ORDER BY p.finding_on DESC, p.record_id DESC LIMIT ? OFFSET ?) k
       JOIN public_records p ON p.record_id = k.record_id
       LEFT JOIN institutions i ON i.uscc = p.institution_uscc ORDER BY p.finding_on DESC, p.record_id DESC`,
    [...params, page.limit, page.offset],
  );
  return { items, total: toNumber(total) };
}

/**
 * Every public record, a page at a time by keyset (record_id), so an export of any size holds
 * one page in memory and never pays for an OFFSET.
 */
export async function* publicRecordPages(sql: Sql, filter: PublicRecordFilter, pageSize = 1000): AsyncGenerator<Row[]> {
  const { where, params } = publicWhere(filter);
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
