import fc from 'fast-check';
import { OPEN_POSITION } from '../projectors/support/versioned-rows';
import { Sql } from '../sql/sql';
import { openTestReadStore, TestReadStore } from '../testing/read-store-harness';
import { queryAwardBans, queryDishonestList, queryExemplars, queryGreyList, regionFilter } from './lists.query';

/**
 * The list queries split a past position into the versions still current and those replaced
 * since, each paged on its own index and merged. For random version histories, every page and
 * total must be what the plain definition gives: the versions with sys_from <= P < sys_to (or
 * sys_to = OPEN without a position), filtered, ordered, LIMIT/OFFSET.
 */

const DATES = ['2025-01-01', '2025-03-01', '2025-06-01', '2025-09-01', '2026-01-01'];
const INSTITUTIONS = [
  { uscc: 'U1', region: '370100' },
  { uscc: 'U2', region: '370112' },
  { uscc: 'U3', region: '370200' },
  { uscc: 'U10', region: '110105' },
];
/** The institutions a region filter takes in (GB/T 2260: a province holds its cities, a city its districts). */
const IN_REGION: Record<string, string[]> = {
  '370000': ['U1', 'U2', 'U3'],
  '370100': ['U1', 'U2'],
  '370112': ['U2'],
  '370200': ['U3'],
  '110000': ['U10'],
  '440000': [],
};
const inRegion = (alias: string, region: string) => `${alias}.uscc IN (${['', ...IN_REGION[region]].map((u) => `'${u}'`).join(', ')})`;
const USCCS = [...INSTITUTIONS.map((i) => i.uscc), 'U-unregistered'];
/** The region code the projectors keep on a row: its institution's (none for an institution they never saw registered). */
const regionOf = (uscc: string) => INSTITUTIONS.find((i) => i.uscc === uscc)?.region ?? null;
const DOMAINS = ['PPP', 'BIDDING'];

/** A key's history: positions at which it changed, each to a value or to nothing (no rows). */
interface Change<T> {
  at: number;
  value: T | null;
}
interface Versions<T> {
  key: string;
  changes: Change<T>[];
}

/** Dates a row is valid (listed, active): mostly every date, so the system-time parts are what varies. */
const span = fc.oneof(
  { arbitrary: fc.constant([DATES[0], DATES[4]] as const), weight: 2 },
  { arbitrary: fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })).map(([a, b]) => [DATES[Math.min(a, b)], DATES[Math.max(a, b)]] as const), weight: 1 },
);

function historyOf<T>(prefix: string, value: fc.Arbitrary<T>, maxKeys: number): fc.Arbitrary<Versions<T>[]> {
  return fc
    .array(
      fc.record({
        positions: fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 5 }),
        values: fc.array(fc.option(value, { freq: 5 }), { minLength: 5, maxLength: 5 }),
      }),
      { maxLength: maxKeys },
    )
    .map((keys) =>
      keys.map((k, n) => ({
        key: `${prefix}-${n * 7}`,
        changes: [...k.positions].sort((a, b) => a - b).map((at, i) => ({ at, value: k.values[i] })),
      })),
    );
}

/** Version rows (sys_from, sys_to and the value) of a history, as VersionedRows stores them. */
function versionsOf<T>(history: Versions<T>[]): Array<{ key: string; sysFrom: number; sysTo: number; value: T }> {
  return history.flatMap(({ key, changes }) =>
    changes.flatMap((change, i) => (change.value === null ? [] : [{ key, sysFrom: change.at, sysTo: changes[i + 1]?.at ?? OPEN_POSITION, value: change.value }])),
  );
}

const listing = fc.record({ uscc: fc.constantFrom(...USCCS), domain: fc.constantFrom(...DOMAINS), listedOn: fc.constantFrom(...DATES), valid: span });
const ban = fc.record({ subject: fc.constantFrom(...USCCS), startsOn: fc.constantFrom(...DATES), active: span });
const exemplar = fc.record({ official: fc.boolean(), subject: fc.constantFrom(...USCCS, 'p-1', 'p-2'), designatedOn: fc.constantFrom(...DATES), active: span });
const reasons = fc.array(fc.record({ uscc: fc.constantFrom(...USCCS), reason: fc.constantFrom('OVERDUE', 'BREACH'), valid: span }), { minLength: 1, maxLength: 3 });

const histories = fc.record({
  list: historyOf('r', listing, 20),
  bans: historyOf('b', ban, 10),
  exemplars: historyOf('x', exemplar, 8),
  grey: historyOf('s', reasons, 10),
});

/** Mostly without the filter. */
const rarely = <T>(value: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: value, weight: 1 });

const query = fc.record({
  position: fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 62 })),
  on: fc.constantFrom(...DATES, '2024-12-31'),
  region: rarely(fc.constantFrom(...Object.keys(IN_REGION))),
  domain: rarely(fc.constantFrom(...DOMAINS)),
  uscc: rarely(fc.constantFrom(...USCCS)),
  limit: fc.integer({ min: 1, max: 5 }),
  offset: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 12 })),
});

describe('list queries as known at a position equal the plain query', () => {
  let store: TestReadStore;
  let sql: Sql;

  beforeAll(async () => {
    store = await openTestReadStore('lists-query');
    sql = Sql.of(store.dataSource);
    await sql.insert(
      'institutions',
      ['uscc', 'name', 'kind', 'region_code', 'registered_at', 'registered_position'],
      INSTITUTIONS.map((i) => [i.uscc, `机构${i.uscc}`, 'GOVERNMENT_ORGAN', i.region, '2025-01-01T00:00:00.000Z', 1]),
    );
    await sql.insert('officials', ['person_id', 'name', 'registered_at', 'registered_position'], [['p-1', '干部甲', '2025-01-01T00:00:00.000Z', 1]]);
    // The list projectors' own tables of the institutions' regions (a district's rows are found through them).
    for (const table of ['dishonest_list_regions', 'grey_list_regions']) await sql.insert(table, ['uscc', 'region_code'], INSTITUTIONS.map((i) => [i.uscc, i.region]));
  });
  afterAll(async () => {
    await store.close();
  });

  async function load(h: HistoriesValue): Promise<void> {
    for (const table of ['dishonest_list', 'award_bans', 'exemplars', 'grey_list']) await sql.run(`DELETE FROM ${table}`);
    await sql.insert(
      'dishonest_list',
      ['record_id', 'seq', 'sys_from', 'sys_to', 'uscc', 'domain', 'listed_on', 'valid_from', 'valid_to', 'origin_position', 'region_code'],
      versionsOf(h.list).map((v) => [v.key, 0, v.sysFrom, v.sysTo, v.value.uscc, v.value.domain, v.value.listedOn, v.value.valid[0], v.value.valid[1], v.sysFrom, regionOf(v.value.uscc)]),
    );
    await sql.insert(
      'award_bans',
      ['ban_id', 'seq', 'sys_from', 'sys_to', 'record_id', 'subject_kind', 'subject_id', 'starts_on', 'active_from', 'active_to', 'origin_position'],
      versionsOf(h.bans).map((v) => [v.key, 0, v.sysFrom, v.sysTo, `r-${v.key}`, 'INSTITUTION', v.value.subject, v.value.startsOn, v.value.active[0], v.value.active[1], v.sysFrom]),
    );
    await sql.insert(
      'exemplars',
      ['exemplar_id', 'seq', 'sys_from', 'sys_to', 'subject_kind', 'subject_id', 'title', 'designated_on', 'active_from', 'active_to', 'origin_position'],
      versionsOf(h.exemplars).map((v) => [
        v.key,
        0,
        v.sysFrom,
        v.sysTo,
        v.value.official ? 'OFFICIAL' : 'INSTITUTION',
        v.value.subject,
        `title ${v.sysFrom}`,
        v.value.designatedOn,
        v.value.active[0],
        v.value.active[1],
        v.sysFrom,
      ]),
    );
    await sql.insert(
      'grey_list',
      ['source_id', 'seq', 'sys_from', 'sys_to', 'uscc', 'reason', 'valid_from', 'valid_to', 'region_code'],
      versionsOf(h.grey).flatMap((v) => v.value.map((r, seq) => [v.key, seq, v.sysFrom, v.sysTo, r.uscc, r.reason, r.valid[0], r.valid[1], regionOf(r.uscc)])),
    );
  }

  const known = (alias: string, position: number | undefined) =>
    position === undefined ? { where: `${alias}.sys_to = ${OPEN_POSITION}`, params: [] as unknown[] } : { where: `${alias}.sys_from <= ? AND ${alias}.sys_to > ?`, params: [position, position] };

  async function plain(select: string, from: string, params: unknown[], orderBy: string, page: { limit: number; offset: number }) {
    const [{ total }] = await sql.rows<{ total: unknown }>(`SELECT COUNT(*) AS total FROM ${from}`, params);
    const items = await sql.rows(`SELECT ${select} FROM ${from} ORDER BY ${orderBy} LIMIT ? OFFSET ?`, [...params, page.limit, page.offset]);
    return { items, total: Number(total) };
  }

  it('a region filter selects the same rows in both its forms (through the institutions of a district, by the range alone for a wider region)', async () => {
    await sql.run('DELETE FROM dishonest_list');
    await sql.run('DELETE FROM dishonest_list_regions');
    await sql.insert('dishonest_list_regions', ['uscc', 'region_code'], INSTITUTIONS.map((i) => [i.uscc, i.region]));
    await sql.insert(
      'dishonest_list',
      ['record_id', 'seq', 'sys_from', 'sys_to', 'uscc', 'listed_on', 'valid_from', 'valid_to', 'origin_position', 'region_code'],
      USCCS.map((uscc, i) => [`r-${uscc}`, 0, i + 1, OPEN_POSITION, uscc, DATES[0], DATES[0], DATES[4], i + 1, regionOf(uscc)]),
    );
    for (const [region, usccs] of Object.entries(IN_REGION)) {
      const select = async (narrowUpTo?: number) => {
        const filter = await regionFilter(sql, 'd', 'uscc', 'dishonest_list_regions', region, narrowUpTo);
        return (await sql.rows<{ uscc: string }>(`SELECT d.uscc FROM dishonest_list d WHERE ${filter.sql} ORDER BY d.uscc`, filter.params)).map((row) => row.uscc);
      };
      expect(await select()).toEqual([...usccs].sort());
      expect(await select(0)).toEqual([...usccs].sort());
    }
  });

  it('dishonest list, award bans, red list and grey list: every page and total, for random histories and filters', async () => {
    let nonEmpty = 0;
    await fc.assert(
      fc.asyncProperty(histories, fc.array(query, { minLength: 6, maxLength: 6 }), async (h, queries) => {
        await load(h);
        for (const q of queries) {
          const page = { limit: q.limit, offset: q.offset };

          const t = known('d', q.position);
          const where = [t.where, 'd.valid_from <= ?', 'd.valid_to >= ?'];
          const params: unknown[] = [...t.params, q.on, q.on];
          if (q.region) where.push(inRegion('d', q.region));
          if (q.domain) (where.push('d.domain = ?'), params.push(q.domain));
          if (q.uscc) (where.push('d.uscc = ?'), params.push(q.uscc));
          const list = await plain(
            'd.record_id, d.uscc, i.name, i.region_code, d.domain, d.listed_on, d.minimum_last_day, d.publication_last_day, d.policy_version, d.delisted_on, d.delist_reason, d.sys_from, d.origin_position, d.under_objection',
            `dishonest_list d LEFT JOIN institutions i ON i.uscc = d.uscc WHERE ${where.join(' AND ')}`,
            params,
            'd.listed_on DESC, d.record_id DESC',
            page,
          );
          expect(await queryDishonestList(sql, { on: q.on, position: q.position, region: q.region, domain: q.domain, uscc: q.uscc }, page)).toEqual(list);
          if (list.items.length > 0) nonEmpty += 1;

          const b = known('a', q.position);
          const banWhere = [b.where, ...(q.domain ? ['a.active_from <= ? AND a.active_to >= ?'] : []), ...(q.uscc ? ['a.subject_id = ?'] : [])];
          const bans = await plain(
            'a.*',
            `award_bans a WHERE ${banWhere.join(' AND ')}`,
            [...b.params, ...(q.domain ? [q.on, q.on] : []), ...(q.uscc ? [q.uscc] : [])],
            'a.starts_on DESC, a.ban_id DESC',
            page,
          );
          expect(await queryAwardBans(sql, { activeOn: q.domain ? q.on : undefined, subjectId: q.uscc, position: q.position }, page)).toEqual(bans);

          const x = known('x', q.position);
          const exemplars = await plain(
            'x.*, COALESCE(i.name, o.name) AS subject_name',
            `exemplars x LEFT JOIN institutions i ON x.subject_kind = 'INSTITUTION' AND i.uscc = x.subject_id LEFT JOIN officials o ON x.subject_kind = 'OFFICIAL' AND o.person_id = x.subject_id WHERE ${x.where} AND x.active_from <= ? AND x.active_to >= ?`,
            [...x.params, q.on, q.on],
            'x.designated_on DESC, x.exemplar_id DESC',
            page,
          );
          expect(await queryExemplars(sql, { on: q.on, position: q.position }, page)).toEqual(exemplars);

          const g = known('g', q.position);
          const greyWhere = `${g.where} AND g.valid_from <= ? AND g.valid_to >= ?${q.region ? ` AND ${inRegion('g', q.region)}` : ''}`;
          const greyParams = [...g.params, q.on, q.on];
          const greyFrom = `grey_list g LEFT JOIN institutions i ON i.uscc = g.uscc WHERE ${greyWhere}`;
          const [{ total: greyTotal }] = await sql.rows<{ total: unknown }>(`SELECT COUNT(DISTINCT g.uscc) AS total FROM ${greyFrom}`, greyParams);
          const heads = await sql.rows(`SELECT g.uscc, MAX(i.name) AS name, MAX(i.region_code) AS region_code FROM ${greyFrom} GROUP BY g.uscc ORDER BY g.uscc LIMIT ? OFFSET ?`, [
            ...greyParams,
            page.limit,
            page.offset,
          ]);
          const greyReasons = await sql.rows(`SELECT g.uscc, g.reason, g.source_id, g.valid_from, g.valid_to FROM ${greyFrom} ORDER BY g.uscc, g.reason, g.source_id, g.valid_from, g.valid_to`, greyParams);
          const grey = { items: heads.map((head) => ({ ...head, reasons: greyReasons.filter((r) => r.uscc === head.uscc) })), total: Number(greyTotal) };
          const gotGrey = await queryGreyList(sql, { on: q.on, position: q.position, region: q.region }, page);
          // Reasons tie on (uscc, reason, source_id) only between rows of one version: compare them as sets.
          const sorted = (items: typeof grey.items) =>
            items.map((item) => ({ ...item, reasons: [...item.reasons].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0)) }));
          expect({ ...gotGrey, items: sorted(gotGrey.items) }).toEqual({ ...grey, items: sorted(grey.items) });
        }
      }),
      { numRuns: 60 },
    );
    expect(nonEmpty).toBeGreaterThan(20);
  }, 120_000);
});

type HistoriesValue = typeof histories extends fc.Arbitrary<infer T> ? T : never;
