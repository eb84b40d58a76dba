import { ExemplarsProjector } from '../projectors/exemplars.projector';
import { feed, openTestReadStore, runMigration, storedEvents, tableRows, TestReadStore } from '../testing/read-store-harness';
import { ExemplarRevocationVoided1764090000000, VOIDED_REVOCATION_COLUMNS } from './1764090000000-exemplar-revocation-voided';

const USCC = '11370100MB2850123X';
const designated = { streamId: 'exemplar-ex-1', type: 'ExemplarDesignated', data: { exemplarId: 'ex-1', subject: { kind: 'INSTITUTION', id: USCC }, title: '诚信之星', basis: '评定', designatedOn: '2026-01-05' } };
const revoked = { streamId: 'exemplar-ex-1', type: 'ExemplarRevoked', data: { exemplarId: 'ex-1', on: '2026-04-11', reason: 'JOINT_PUNISHMENT', causedByRecordId: 'r-1' } };
const voided = { streamId: 'exemplar-ex-1', type: 'ExemplarRevocationVoided', data: { exemplarId: 'ex-1', recordId: 'r-1', voidedOn: '2026-05-20', reason: 'LISTING_REVOKED', objectionId: 'obj-1' } };
const COLUMNS = VOIDED_REVOCATION_COLUMNS.map(([column]) => column);

describe('migration: the red list keeps the revocation a listing found wrong voided', () => {
  let store: TestReadStore;
  beforeEach(async () => (store = await openTestReadStore('exemplar-revocation-voided')));
  afterEach(async () => store.close());

  it('adds empty columns to the rows an older projector wrote, which the projector then fills from the voiding on', async () => {
    const [first, second, third] = storedEvents([designated, revoked, voided]);
    await feed(store.dataSource, [new ExemplarsProjector()], [first, second], 1);
    const before = await tableRows(store.dataSource, 'exemplars');
    await runMigration(store.dataSource, new ExemplarRevocationVoided1764090000000(), 'down');
    expect(Object.keys((await tableRows(store.dataSource, 'exemplars'))[0])).not.toEqual(expect.arrayContaining([COLUMNS[0]]));
    await runMigration(store.dataSource, new ExemplarRevocationVoided1764090000000());
    // Nothing to fill: no log held the event before this release.
    expect(await tableRows(store.dataSource, 'exemplars')).toEqual(before);
    expect(before.every((row) => COLUMNS.every((column) => row[column] === null))).toBe(true);

    await feed(store.dataSource, [new ExemplarsProjector()], [third], 1);
    const current = (await tableRows(store.dataSource, 'exemplars')).filter((row) => row.revocation_voided_on !== null);
    expect(current).toEqual([
      expect.objectContaining({
        revoked_on: null,
        active_from: '2026-01-05',
        voided_revoked_on: '2026-04-11',
        voided_revoke_reason: 'JOINT_PUNISHMENT',
        voided_caused_by_record_id: 'r-1',
        revocation_voided_on: '2026-05-20',
        revocation_void_reason: 'LISTING_REVOKED',
      }),
    ]);
  });
});
