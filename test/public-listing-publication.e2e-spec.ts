import { CommandDriver, expectStatus, uscc } from './support/command-driver';
import { TestLedger } from './support/test-app';

const U = uscc('11370100MB2853001');

/**
 * A listing's publication can outlast its record's (and a MINOR record is only ever public through
 * its listing): the public records view, both exports and the public list show the same listings.
 */
describe('public disclosure of a listing published longer than its record', () => {
  let ledger: TestLedger;
  let api: CommandDriver;
  let serious: string;
  let minor: string;
  let position: string;

  const publicViews = async () => {
    const records = expectStatus(await ledger.http.get(`/public/v1/records?consistentWith=${position}`), 200).body;
    const list = expectStatus(await ledger.http.get(`/public/v1/dishonest-institutions?consistentWith=${position}`), 200).body;
    const csv = expectStatus(await ledger.http.get('/public/v1/export.csv'), 200).text.replace(/^\uFEFF/, '').trim().split('\r\n');
    const json = JSON.parse(expectStatus(await ledger.http.get('/public/v1/export.json'), 200).text);
    const ids = (items: Array<{ recordId: string }>) => items.map((item) => item.recordId).sort();
    return { records, list, csv, json, ids: { records: ids(records.items), list: ids(list.items), json: ids(json.records) } };
  };

  beforeAll(async () => {
    ledger = await TestLedger.start({}, '2025-04-02');
    api = new CommandDriver(ledger);
    await api.registerInstitution(U, '济南高新区管委会', '370100');
    // Case B: SERIOUS found 2025-01-10, published to 2028-01-10; listed 2025-04-01, published to 2028-04-01.
    serious = await api.record(U, '2025-01-10');
    await api.order(serious, '2025-01-15', '2025-03-31');
    // Case A: MINOR, never published itself; listed 2025-04-01 too.
    minor = await api.record(U, '2025-01-20', { severity: 'MINOR' });
    await api.order(minor, '2025-01-25', '2025-03-31');
    const swept = await api.ok<{ lapsed: number; position: string }>('/v1/admin/deadline-sweep', 'credit-office', {}, 200);
    expect(swept.lapsed).toBe(2);
    position = swept.position;
  });
  afterAll(async () => {
    await ledger.stop();
  });

  it('on 2028-02-01 the records view, the CSV and JSON exports and the public list show the same listings, published to 2028-04-01', async () => {
    ledger.clock.setToday('2028-02-01');
    const views = await publicViews();
    expect(views.ids.list).toEqual([minor, serious].sort());
    expect(views.ids.records).toEqual(views.ids.list);
    expect(views.ids.json).toEqual(views.ids.list);
    expect(views.csv).toHaveLength(3);
    expect(views.records.items).toContainEqual(
      expect.objectContaining({
        recordId: serious,
        severity: 'SERIOUS',
        publication: { firstDay: '2025-01-10', lastDay: '2028-04-01' },
        listing: { listedOn: '2025-04-01', publicationLastDay: '2028-04-01' },
      }),
    );
    expect(views.records.items).toContainEqual(
      expect.objectContaining({ recordId: minor, severity: 'MINOR', publication: { firstDay: null, lastDay: '2028-04-01' }, listing: { listedOn: '2025-04-01', publicationLastDay: '2028-04-01' } }),
    );
    expect(views.json.records).toContainEqual(expect.objectContaining({ recordId: serious, publicationLastDay: '2028-04-01', listedOn: '2025-04-01', listingLastDay: '2028-04-01' }));
    expect(views.csv.find((line) => line.includes(serious))).toContain(`,${serious},ARREARS_TO_ENTERPRISES,SERIOUS,GOVERNMENT_PROCUREMENT,济罚〔2026〕1号,某区财政局,2025-01-10,2028-04-01,2025-04-01,2028-04-01,,false,`);
  });

  it('after the listing’s last day none of them shows either', async () => {
    ledger.clock.setToday('2028-04-02');
    const views = await publicViews();
    expect(views.ids).toEqual({ records: [], list: [], json: [] });
    expect(views.csv).toHaveLength(1);
  });
});
