import { addDays, decideRecord, evolveRecord, initialRecordState, RecordCommand, RecordState, Severity } from '@app/domain';
import { context, institutionEvents, recordInput, USCC } from '@app/domain/testing/record-fixtures';
import { publicRecordPages, queryDishonestList, queryPublicRecords } from '../queries/lists.query';
import { Sql } from '../sql/sql';
import type { Row } from './support/versioned-rows';
import { EventSpec, feed, openTestReadStore, storedEvents, TestReadStore } from '../testing/read-store-harness';
import { readSideProjectors } from './read-side.projectors';
import { shownSpans } from './public-records.projector';

interface Story {
  recordId: string;
  severity: Severity;
  findingOn: string;
  /** Ordered to rectify and lapsed: listed on deadline + 1. */
  order?: { orderedOn: string; deadline: string };
}

/** A record as the domain decides it: recorded, and when ordered, lapsed (listing, ban, obligation). */
function history({ recordId, severity, findingOn, order }: Story): EventSpec[] {
  let state: RecordState = initialRecordState();
  const specs: EventSpec[] = [];
  const decide = (command: RecordCommand) => {
    for (const event of decideRecord(command, state, context)) {
      state = evolveRecord(state, event);
      specs.push({ streamId: `record-${recordId}`, type: event.type, data: event.data, recordedAt: `${command.today}T02:00:00.000Z` });
    }
  };
  decide({ type: 'RecordDishonesty', today: findingOn, data: { ...recordInput, recordId, severity, occurredOn: findingOn, finding: { ...recordInput.finding, findingOn } } });
  if (order) {
    decide({ type: 'OrderRectification', today: order.orderedOn, data: { recordId, ...order, requirements: '结清欠款' } });
    decide({ type: 'LapseRectificationDeadline', today: addDays(order.deadline, 1), data: { recordId } });
  }
  return specs;
}

const STORIES: Story[] = [
  // Case A: MINOR (never published itself), ordered and lapsed: listed 2025-04-01 to 2028-04-01.
  { recordId: 'r-minor-listed', severity: 'MINOR', findingOn: '2025-02-01', order: { orderedOn: '2025-02-05', deadline: '2025-03-31' } },
  // Case B: SERIOUS found 2025-01-10 (published to 2028-01-10), listed 2025-04-01 to 2028-04-01.
  { recordId: 'r-serious-listed', severity: 'SERIOUS', findingOn: '2025-01-10', order: { orderedOn: '2025-01-15', deadline: '2025-03-31' } },
  // GENERAL found 2025-01-10 (published to 2026-01-10), listed only from 2026-02-28: nothing public between.
  { recordId: 'r-general-late', severity: 'GENERAL', findingOn: '2025-01-10', order: { orderedOn: '2026-02-02', deadline: '2026-02-27' } },
  // Never listed: public while published (GENERAL), never (MINOR).
  { recordId: 'r-general', severity: 'GENERAL', findingOn: '2025-03-01' },
  { recordId: 'r-minor', severity: 'MINOR', findingOn: '2025-03-01' },
];

const DATES = ['2025-03-31', '2025-04-01', '2026-01-10', '2026-01-11', '2026-02-27', '2026-02-28', '2027-06-01', '2028-01-10', '2028-01-11', '2028-02-01', '2028-04-01', '2028-04-02', '2029-02-28', '2029-03-01'];

describe('public disclosure: a record is public while published or while its listing is on the list', () => {
  let store: TestReadStore;
  let sql: Sql;
  const page = { limit: 50, offset: 0 };
  const view = (on: string) => queryPublicRecords(sql, { on, publishOfficials: false }, page);
  const exported = async (on: string, pageSize: number) => {
    const rows = [];
    for await (const rowsOfPage of publicRecordPages(sql, { on, publishOfficials: false }, pageSize)) rows.push(...rowsOfPage);
    return rows;
  };
  const ids = (rows: Row[]) => rows.map((row) => String(row.record_id)).sort();

  beforeAll(async () => {
    store = await openTestReadStore('public-records');
    sql = Sql.of(store.dataSource);
    const specs: EventSpec[] = institutionEvents.map((e) => ({ streamId: `institution-${USCC}`, type: e.type, data: e.data, recordedAt: '2025-01-01T01:00:00.000Z' }));
    await feed(store.dataSource, readSideProjectors(), storedEvents([...specs, ...STORIES.flatMap(history)]), 4);
  });
  afterAll(async () => {
    await store.close();
  });

  it('case A: shows a MINOR record while its listing is published, until the listing’s last day', async () => {
    const during = await view('2027-06-01');
    expect(during.items).toContainEqual(
      expect.objectContaining({ record_id: 'r-minor-listed', severity: 'MINOR', pub_from: null, listed_on: '2025-04-01', listing_last_day: '2028-04-01', publication_last_day: '2028-04-01' }),
    );
    expect(ids(await exported('2027-06-01', 1000))).toContain('r-minor-listed');
    expect(ids((await view('2025-03-31')).items)).not.toContain('r-minor-listed');
    expect(ids((await view('2028-04-02')).items)).not.toContain('r-minor-listed');
    expect(ids(await exported('2028-04-02', 1000))).not.toContain('r-minor-listed');
  });

  it('case B: shows a SERIOUS record after its own publication ends while its listing is published, with the listing’s last day', async () => {
    const row = expect.objectContaining({ record_id: 'r-serious-listed', pub_from: '2025-01-10', listed_on: '2025-04-01', listing_last_day: '2028-04-01', publication_last_day: '2028-04-01' });
    expect((await view('2028-01-10')).items).toContainEqual(row);
    expect((await view('2028-02-01')).items).toContainEqual(row);
    expect(await exported('2028-02-01', 1000)).toContainEqual(row);
    expect((await queryDishonestList(sql, { on: '2028-02-01' }, page)).items).toContainEqual(expect.objectContaining({ record_id: 'r-serious-listed' }));
    expect(ids((await view('2028-04-02')).items)).not.toContain('r-serious-listed');
  });

  it('leaves out the days between a record’s publication and a later listing', async () => {
    expect(ids((await view('2026-01-10')).items)).toContain('r-general-late');
    expect(ids((await view('2026-02-27')).items)).not.toContain('r-general-late');
    expect((await view('2026-02-28')).items).toContainEqual(expect.objectContaining({ record_id: 'r-general-late', pub_from: '2025-01-10', publication_last_day: '2029-02-28' }));
  });

  it('keeps the days each row is public as at most two disjoint spans, publication and listing joined', async () => {
    const spans = await sql.rows(`SELECT record_id, shown_from, shown_to, reshown_from, reshown_to FROM public_records ORDER BY record_id`);
    expect(spans).toEqual([
      { record_id: 'r-general', shown_from: '2025-03-01', shown_to: '2026-03-01', reshown_from: null, reshown_to: null },
      { record_id: 'r-general-late', shown_from: '2025-01-10', shown_to: '2026-01-10', reshown_from: '2026-02-28', reshown_to: '2029-02-28' },
      { record_id: 'r-minor', shown_from: null, shown_to: null, reshown_from: null, reshown_to: null },
      { record_id: 'r-minor-listed', shown_from: '2025-04-01', shown_to: '2028-04-01', reshown_from: null, reshown_to: null },
      { record_id: 'r-serious-listed', shown_from: '2025-01-10', shown_to: '2028-04-01', reshown_from: null, reshown_to: null },
    ]);
  });

  it.each(DATES)('on %s the records view, the export (paged by one) and the public list agree', async (on) => {
    const shown = await view(on);
    const everything = await exported(on, 1);
    expect(ids(everything)).toEqual(ids(shown.items));
    expect(shown.total).toBe(everything.length);
    // The rows whose listing is on the list that day are exactly the public list's.
    const listedOn = shown.items.filter((row) => row.listed_on !== null && String(row.listed_on) <= on && String(row.listing_last_day) >= on && (row.delisted_on === null || String(row.delisted_on) > on));
    expect(ids(listedOn)).toEqual(ids((await queryDishonestList(sql, { on }, page)).items));
    for (const row of shown.items) {
      // Each row says until when it is published: never a day already past.
      expect(String(row.publication_last_day) >= on).toBe(true);
    }
    expect(ids(shown.items)).not.toContain('r-minor');
  });
});

describe('shownSpans: the days a public row is public', () => {
  const span = (from: string, to: string) => ({ from, to });
  it('is the one span there is, or none', () => {
    expect(shownSpans(undefined, undefined)).toEqual([undefined, undefined]);
    expect(shownSpans(span('2025-01-10', '2028-01-10'), undefined)).toEqual([span('2025-01-10', '2028-01-10'), undefined]);
    expect(shownSpans(undefined, span('2025-04-01', '2028-04-01'))).toEqual([span('2025-04-01', '2028-04-01'), undefined]);
  });
  it('joins spans that overlap, contain one another or follow one another the next day', () => {
    expect(shownSpans(span('2025-01-10', '2028-01-10'), span('2025-04-01', '2028-04-01'))).toEqual([span('2025-01-10', '2028-04-01'), undefined]);
    expect(shownSpans(span('2025-01-10', '2028-01-10'), span('2025-04-01', '2026-04-01'))).toEqual([span('2025-01-10', '2028-01-10'), undefined]);
    expect(shownSpans(span('2026-03-01', '2029-03-01'), span('2024-12-01', '2026-02-28'))).toEqual([span('2024-12-01', '2029-03-01'), undefined]);
    expect(shownSpans(span('2025-01-10', '2025-12-31'), span('2026-01-01', '9999-12-31'))).toEqual([span('2025-01-10', '9999-12-31'), undefined]);
  });
  it('keeps spans a day or more apart apart, the earlier first', () => {
    expect(shownSpans(span('2025-01-10', '2026-01-10'), span('2026-01-12', '2029-01-12'))).toEqual([span('2025-01-10', '2026-01-10'), span('2026-01-12', '2029-01-12')]);
    expect(shownSpans(span('2027-01-01', '2028-01-01'), span('2025-04-01', '2026-04-01'))).toEqual([span('2025-04-01', '2026-04-01'), span('2027-01-01', '2028-01-01')]);
  });
});
