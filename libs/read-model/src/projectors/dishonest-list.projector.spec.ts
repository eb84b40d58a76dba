import { DishonestListProjector } from './dishonest-list.projector';
import { feed, listedOn20260411, openTestReadStore, seriousInstitutionRecorded, storedEvents, tableRows, TestReadStore } from '../testing/read-store-harness';

const USCC = '11370100MB2850123X';
const RECORD = 'r-corrected';

const events = storedEvents([
  {
    streamId: `record-${RECORD}`,
    type: 'DishonestyRecorded',
    data: seriousInstitutionRecorded(RECORD, USCC),
  },
  {
    streamId: `record-${RECORD}`,
    type: 'InstitutionListed',
    data: listedOn20260411(RECORD, USCC),
  },
  {
    streamId: `record-${RECORD}`,
    type: 'ObjectionFiled',
    data: { recordId: RECORD, objectionId: 'obj-1', filedOn: '2026-04-20', grounds: '认定日期有误' },
  },
  {
    streamId: `record-${RECORD}`,
    type: 'ObjectionDecided',
    data: { recordId: RECORD, objectionId: 'obj-1', decidedOn: '2026-04-25', outcome: 'CORRECTED', reason: '认定日期更正' },
  },
  {
    streamId: `record-${RECORD}`,
    type: 'RecordCorrected',
    data: {
      recordId: RECORD,
      objectionId: 'obj-1',
      correctedOn: '2026-04-25',
      changes: [
        { field: 'findingOn', oldValue: '2026-03-20', newValue: '2026-04-02' },
        { field: 'policyVersion', oldValue: 'NDRC-2019-527', newValue: 'NDRC-2025-36' },
        { field: 'listing.policyVersion', oldValue: 'NDRC-2019-527', newValue: 'NDRC-2025-36' },
        { field: 'listing.minimumLastDay', oldValue: '2026-10-11', newValue: '2027-04-11' },
      ],
    },
  },
]);

describe('dishonest list: a correction that recomputes the listing’s terms', () => {
  let store: TestReadStore;
  beforeEach(async () => {
    store = await openTestReadStore('dishonest-correction');
  });
  afterEach(async () => {
    await store.close();
  });

  it('shows the listing under its new version from the correction on, and the old terms before it (knownAt)', async () => {
    await feed(store.dataSource, [new DishonestListProjector()], events);
    const rows = (await tableRows(store.dataSource, 'dishonest_list')) as Array<Record<string, unknown>>;
    const versions = rows.sort((a, b) => Number(a.sys_from) - Number(b.sys_from)).map((r) => [r.sys_from, r.policy_version, r.minimum_last_day, r.publication_last_day, r.under_objection]);
    expect(versions).toEqual([
      [2, 'NDRC-2019-527', '2026-10-11', '2029-04-11', 0],
      [3, 'NDRC-2019-527', '2026-10-11', '2029-04-11', 1],
      [4, 'NDRC-2019-527', '2026-10-11', '2029-04-11', 0],
      [5, 'NDRC-2025-36', '2027-04-11', '2029-04-11', 0],
    ]);
  });

  it('works the terms out from the corrected version for a v1 correction, which did not state them', async () => {
    const v1 = events.map((event) =>
      event.type === 'RecordCorrected'
        ? { ...event, data: { ...event.data, changes: (event.data.changes as Array<{ field: string }>).filter((c) => !c.field.startsWith('listing.')) } }
        : event,
    );
    await feed(store.dataSource, [new DishonestListProjector()], v1);
    const rows = (await tableRows(store.dataSource, 'dishonest_list')) as Array<Record<string, unknown>>;
    const last = rows.sort((a, b) => Number(a.sys_from) - Number(b.sys_from)).at(-1)!;
    expect([last.sys_from, last.policy_version, last.minimum_last_day, last.publication_last_day]).toEqual([5, 'NDRC-2025-36', '2027-04-11', '2029-04-11']);
  });
});

describe('dishonest list: the objection flag of a revoked record', () => {
  let store: TestReadStore;
  beforeEach(async () => {
    store = await openTestReadStore('dishonest-revoked-flag');
  });
  afterEach(async () => {
    await store.close();
  });

  it('clears when one of two objections revokes the record: the other can no longer be decided', async () => {
    const [recorded, listed] = events;
    const onRecord = (type: string, data: Record<string, unknown>) => ({ streamId: `record-${RECORD}`, type, data: { recordId: RECORD, ...data } });
    const revoked = storedEvents([
      { streamId: recorded.streamId, type: recorded.type, data: recorded.data },
      { streamId: listed.streamId, type: listed.type, data: listed.data },
      onRecord('ObjectionFiled', { objectionId: 'obj-1', filedOn: '2026-04-20', grounds: '认定主体错误' }),
      onRecord('ObjectionFiled', { objectionId: 'obj-2', filedOn: '2026-04-21', grounds: '认定日期有误' }),
      onRecord('ObjectionDecided', { objectionId: 'obj-1', decidedOn: '2026-04-25', outcome: 'RECORD_REVOKED', reason: '主体错误' }),
      onRecord('RecordRevoked', { objectionId: 'obj-1', revokedOn: '2026-04-25', reason: '主体错误' }),
      onRecord('InstitutionDelisted', { uscc: USCC, delistedOn: '2026-04-25', reason: 'RECORD_REVOKED' }),
    ]);
    await feed(store.dataSource, [new DishonestListProjector()], revoked);
    const rows = (await tableRows(store.dataSource, 'dishonest_list')) as Array<Record<string, unknown>>;
    const flags = rows.sort((a, b) => Number(a.sys_from) - Number(b.sys_from)).map((r) => [Number(r.sys_from), Number(r.under_objection), r.delist_reason ?? null]);
    expect(flags).toEqual([
      [2, 0, null],
      // Flagged from the first objection on (unchanged rows are not written again).
      [3, 1, null],
      // The revocation delists it (never in force) with the flag cleared; the delisting after it changes nothing.
      [6, 0, 'RECORD_REVOKED'],
    ]);
    const [record] = (await tableRows(store.dataSource, 'dishonest_list_records')) as Array<Record<string, unknown>>;
    expect(Number(record.open_objections)).toBe(0);
  });
});

describe('dishonest list: a listing revoked after it had ended', () => {
  let store: TestReadStore;
  beforeEach(async () => {
    store = await openTestReadStore('dishonest-revoked-after-repair');
  });
  afterEach(async () => {
    await store.close();
  });

  it('is on the list on no date once revoked, as the log of an older version has it (no second delisting); knownAt keeps what was shown', async () => {
    const [recorded, listed] = events;
    const onRecord = (type: string, data: Record<string, unknown>) => ({ streamId: `record-${RECORD}`, type, data: { recordId: RECORD, ...data } });
    for (const [i, outcome] of (['LISTING_REVOKED', 'RECORD_REVOKED'] as const).entries()) {
      const log = storedEvents([
        { streamId: recorded.streamId, type: recorded.type, data: recorded.data },
        { streamId: listed.streamId, type: listed.type, data: listed.data },
        onRecord('InstitutionDelisted', { uscc: USCC, delistedOn: '2026-10-20', reason: 'REPAIRED' }),
        onRecord('ObjectionFiled', { objectionId: `obj-${outcome}`, filedOn: '2026-11-01', grounds: '认定错误' }),
        onRecord('ObjectionDecided', { objectionId: `obj-${outcome}`, decidedOn: '2026-11-05', outcome, reason: '错误' }),
        ...(outcome === 'RECORD_REVOKED' ? [onRecord('RecordRevoked', { objectionId: `obj-${outcome}`, revokedOn: '2026-11-05', reason: '错误' })] : []),
      ], 1 + i * 100).map((e) => ({ ...e, streamId: `record-${RECORD}-${outcome}`, data: { ...e.data, recordId: `${RECORD}-${outcome}` } }));
      await feed(store.dataSource, [new DishonestListProjector()], log);
      const rows = ((await tableRows(store.dataSource, 'dishonest_list')) as Array<Record<string, unknown>>).filter((r) => r.record_id === `${RECORD}-${outcome}`);
      const versions = rows.sort((a, b) => Number(a.sys_from) - Number(b.sys_from)).map((r) => [r.delist_reason ?? null, r.valid_from ?? null, r.valid_to ?? null, Number(r.under_objection)]);
      expect(versions).toEqual([
        [null, '2026-04-11', '2029-04-11', 0],
        ['REPAIRED', '2026-04-11', '2026-10-19', 0],
        ['REPAIRED', '2026-04-11', '2026-10-19', 1],
        // RECORD_REVOKED: the decision clears the flag, the RecordRevoked after it revokes the listing.
        ...(outcome === 'RECORD_REVOKED' ? [['REPAIRED', '2026-04-11', '2026-10-19', 0]] : []),
        [outcome, null, null, 0],
      ]);
    }
  });
});
