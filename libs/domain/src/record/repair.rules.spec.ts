import { RECORD_ID, USCC, listedHistory, ordered, recordSpec, recorded, reported, reviewed } from '../testing/record-fixtures';
import { ApplyForRepair } from './record.commands';
import { RecordEvent } from './record.events';
import { banStatusOn, isInPublicationOn, isListedOn, isRepairAvailable } from './record.queries';
import { DishonestyRecord } from './record.state';

const apply = (appliedOn: string, extra: Partial<ApplyForRepair['data']> = {}): ApplyForRepair => ({
  type: 'ApplyForRepair',
  today: appliedOn,
  data: { recordId: RECORD_ID, applicationId: 'app-1', appliedOn, pledgeSigned: true, evidence: '整改报告及信用承诺书', ...extra },
});
const applied = (appliedOn: string): RecordEvent => ({
  type: 'RepairApplied',
  data: { recordId: RECORD_ID, applicationId: 'app-1', appliedOn, pledgeSigned: true, evidence: '整改报告及信用承诺书' },
});
const lateRectification = [reported('rep-1', '2025-05-01'), reviewed('rep-1', '2025-05-03', true)];

describe('RepairApplied (domain.md §4.6)', () => {
  it('SERIOUS under NDRC-2019-527: eligible the day after the 6-month minimum (found 2025-01-10 → 2025-07-11)', () => {
    recordSpec([recorded()]).when(apply('2025-07-11')).then([applied('2025-07-11')]);
  });

  it('refuses before the earliest day, and says which day that is', () => {
    recordSpec([recorded()]).when(apply('2025-07-10')).thenRefuses('REPAIR_NOT_YET_ELIGIBLE', { earliestEligibleOn: '2025-07-11' });
  });

  it('with a listing, the later of the record’s and the listing’s minimum counts (listed 2025-04-01 → 2025-10-02)', () => {
    recordSpec([...listedHistory, ...lateRectification]).when(apply('2025-10-01')).thenRefuses('REPAIR_NOT_YET_ELIGIBLE', {
      earliestEligibleOn: '2025-10-02',
    });
    recordSpec([...listedHistory, ...lateRectification]).when(apply('2025-10-02')).then([applied('2025-10-02')]);
  });

  it('refuses while an ordered rectification has not been accepted', () => {
    recordSpec(listedHistory).when(apply('2025-10-02')).thenRefuses('RECTIFICATION_NOT_COMPLETED');
    recordSpec([recorded(), ordered('2025-01-15', '2025-12-31')]).when(apply('2025-07-11')).thenRefuses('RECTIFICATION_NOT_COMPLETED');
  });

  it('refuses an application back-dated to before a late rectification was accepted', () => {
    // Listed 2025-04-01 (minimum to 2025-10-01); the rectification was accepted only on 2026-01-10.
    const late = [reported('rep-1', '2026-01-05'), reviewed('rep-1', '2026-01-10', true)];
    recordSpec([...listedHistory, ...late])
      .when({ ...apply('2025-11-01'), today: '2026-01-12' })
      .thenRefuses('RECTIFICATION_NOT_COMPLETED', { orderId: 'order-1' });
    recordSpec([...listedHistory, ...late]).when({ ...apply('2026-01-10'), today: '2026-01-12' }).then([applied('2026-01-10')]);
  });

  it('refuses a MINOR record, which is never published (NOT_IN_PUBLICATION)', () => {
    recordSpec([recorded({ severity: 'MINOR' })]).when(apply('2025-07-11')).thenRefuses('NOT_IN_PUBLICATION');
  });

  it('refuses after publication has run its course (NOT_IN_PUBLICATION)', () => {
    recordSpec([recorded({ severity: 'GENERAL' })]).when(apply('2026-01-11')).thenRefuses('NOT_IN_PUBLICATION');
  });

  it('requires the signed credit pledge (信用承诺书)', () => {
    recordSpec([recorded()]).when(apply('2025-07-11', { pledgeSigned: false })).thenRefuses('REPAIR_PLEDGE_REQUIRED');
  });

  it('refuses a second application while one awaits decision', () => {
    recordSpec([recorded(), applied('2025-07-11')]).when(apply('2025-07-12', { applicationId: 'app-2' })).thenRefuses('REPAIR_APPLICATION_PENDING');
  });

  it('jinan-hitech: a listing cannot be repaired before it expires, and the refusal says repair is not available rather than naming a day it would be refused again', () => {
    const listed = listedHistory.map((e) =>
      e.type === 'InstitutionListed' ? { ...e, data: { ...e.data, policyVersion: 'JNGX-2020-2', minimumLastDay: '2028-04-01' } } : e,
    );
    recordSpec([...listed, ...lateRectification]).when(apply('2028-04-01')).thenRefuses('REPAIR_NOT_YET_ELIGIBLE', {
      earliestEligibleOn: '2028-04-02',
      repairable: false,
    });
    recordSpec([...listed, ...lateRectification]).when(apply('2028-04-02')).thenRefuses('NOT_IN_PUBLICATION');
  });

  it('says whether repair can be had at all, as the record view shows it beside the earliest day', () => {
    const listedUnder = (version: string, minimumLastDay: string) =>
      recordSpec([...listedHistory.map((e) => (e.type === 'InstitutionListed' ? { ...e, data: { ...e.data, policyVersion: version, minimumLastDay } } : e)), ...lateRectification])
        .state as DishonestyRecord;
    expect(isRepairAvailable(listedUnder('JNGX-2020-2', '2028-04-01'))).toBe(false);
    expect(isRepairAvailable(recordSpec([...listedHistory, ...lateRectification]).state as DishonestyRecord)).toBe(true);
    expect(isRepairAvailable(recordSpec([recorded()]).state as DishonestyRecord)).toBe(true);
    expect(isRepairAvailable(recordSpec([recorded({ severity: 'MINOR' })]).state as DishonestyRecord)).toBe(false);
    const repaired = [
      recorded(),
      applied('2025-07-11'),
      { type: 'RepairDecided', data: { recordId: RECORD_ID, applicationId: 'app-1', decidedOn: '2025-07-15', granted: true, reason: '整改到位' } },
      { type: 'PublicationEnded', data: { recordId: RECORD_ID, endedOn: '2025-07-15', reason: 'REPAIRED' } },
    ] as RecordEvent[];
    expect(isRepairAvailable(recordSpec(repaired).state as DishonestyRecord)).toBe(false);
    // Revoked after its publication had run out (no PublicationEnded then): no repair either.
    const revokedLate = [
      recorded({ severity: 'GENERAL' }),
      { type: 'ObjectionFiled', data: { recordId: RECORD_ID, objectionId: 'obj-1', filedOn: '2026-03-01', grounds: '认定错误' } },
      { type: 'ObjectionDecided', data: { recordId: RECORD_ID, objectionId: 'obj-1', decidedOn: '2026-03-05', outcome: 'RECORD_REVOKED', reason: '经核实' } },
      { type: 'RecordRevoked', data: { recordId: RECORD_ID, objectionId: 'obj-1', revokedOn: '2026-03-05', reason: '经核实' } },
    ] as RecordEvent[];
    expect(isRepairAvailable(recordSpec(revokedLate).state as DishonestyRecord)).toBe(false);
    // A listed record repaired: its publication ended and the institution delisted, as a grant appends them.
    const listingRepaired = [
      ...listedHistory,
      ...lateRectification,
      applied('2025-10-02'),
      { type: 'RepairDecided', data: { recordId: RECORD_ID, applicationId: 'app-1', decidedOn: '2025-10-20', granted: true, reason: '整改到位' } },
      { type: 'PublicationEnded', data: { recordId: RECORD_ID, endedOn: '2025-10-20', reason: 'REPAIRED' } },
      { type: 'InstitutionDelisted', data: { recordId: RECORD_ID, uscc: USCC, delistedOn: '2025-10-20', reason: 'REPAIRED' } },
    ] as RecordEvent[];
    expect(isRepairAvailable(recordSpec(listingRepaired).state as DishonestyRecord)).toBe(false);
  });

  it('an application dated back to a day the record was published is refused once nothing is published any more: after a granted repair, or its period run out', () => {
    const repaired = [
      recorded(),
      applied('2025-07-11'),
      { type: 'RepairDecided', data: { recordId: RECORD_ID, applicationId: 'app-1', decidedOn: '2025-07-20', granted: true, reason: '整改到位' } },
      { type: 'PublicationEnded', data: { recordId: RECORD_ID, endedOn: '2025-07-20', reason: 'REPAIRED' } },
    ] as RecordEvent[];
    recordSpec(repaired)
      .when({ ...apply('2025-07-15', { applicationId: 'app-2' }), today: '2025-08-01' })
      .thenRefuses('NOT_IN_PUBLICATION');
    // GENERAL, found 2025-01-10: published to 2026-01-10. Applied for today, dated back to 2025-12-01.
    recordSpec([recorded({ severity: 'GENERAL' })])
      .when({ ...apply('2025-12-01'), today: '2026-02-01' })
      .thenRefuses('NOT_IN_PUBLICATION');
    recordSpec([recorded({ severity: 'GENERAL' })]).when({ ...apply('2025-12-01'), today: '2026-01-10' }).then([applied('2025-12-01')]);
  });
});

describe('RepairDecided (domain.md §4.6)', () => {
  const history = [...listedHistory, ...lateRectification, applied('2025-10-02')];
  const decide = (granted: boolean) => ({
    type: 'DecideRepair' as const,
    today: '2025-10-20',
    data: { recordId: RECORD_ID, applicationId: 'app-1', decidedOn: '2025-10-20', granted, reason: '整改到位' },
  });

  it('a grant ends publication and delists — and leaves the award ban alone', () => {
    const events = recordSpec(history)
      .when(decide(true))
      .then([
        { type: 'RepairDecided', data: { recordId: RECORD_ID, applicationId: 'app-1', decidedOn: '2025-10-20', granted: true, reason: '整改到位' } },
        { type: 'PublicationEnded', data: { recordId: RECORD_ID, endedOn: '2025-10-20', reason: 'REPAIRED' } },
        { type: 'InstitutionDelisted', data: { recordId: RECORD_ID, uscc: USCC, delistedOn: '2025-10-20', reason: 'REPAIRED' } },
      ]);
    const record = recordSpec([...history, ...events]).state as DishonestyRecord;
    expect(isInPublicationOn(record, '2025-10-20')).toBe(false);
    expect(isListedOn(record, '2025-10-20')).toBe(false);
    expect(banStatusOn(record.ban!, '2025-10-20')).toBe('ACTIVE');
    expect(banStatusOn(record.ban!, '2028-04-01')).toBe('ACTIVE');
  });

  it('a refusal changes nothing else', () => {
    recordSpec(history)
      .when(decide(false))
      .then([{ type: 'RepairDecided', data: { recordId: RECORD_ID, applicationId: 'app-1', decidedOn: '2025-10-20', granted: false, reason: '整改到位' } }]);
  });

  it('after the record’s own publication ran out, repair still takes down the listing (and ends nothing else)', () => {
    const general = [recorded({ severity: 'GENERAL' }), ...listedHistory.slice(1), ...lateRectification];
    recordSpec(general).when(apply('2026-02-01')).then([applied('2026-02-01')]);
    recordSpec([...general, applied('2026-02-01')])
      .when({ ...decide(true), today: '2026-02-05', data: { ...decide(true).data, decidedOn: '2026-02-05' } })
      .then([
        { type: 'RepairDecided', data: { recordId: RECORD_ID, applicationId: 'app-1', decidedOn: '2026-02-05', granted: true, reason: '整改到位' } },
        { type: 'InstitutionDelisted', data: { recordId: RECORD_ID, uscc: USCC, delistedOn: '2026-02-05', reason: 'REPAIRED' } },
      ]);
  });

  it('a grant is held to the rules on its own date: an order that lapsed after the application makes the listing’s minimum count', () => {
    // Applied when eligible (2025-07-15); an order then lapsed (listed 2025-08-01, minimum to 2026-02-01).
    const before = [recorded(), applied('2025-07-15'), ordered('2025-07-16', '2025-07-31')];
    const lapse = recordSpec(before).when({ type: 'LapseRectificationDeadline', today: '2025-08-01', data: { recordId: RECORD_ID } }).thenEvents();
    const late = [reported('rep-1', '2025-08-03'), reviewed('rep-1', '2025-08-04', true)];
    const grant = (decidedOn: string) => ({ ...decide(true), today: decidedOn, data: { ...decide(true).data, decidedOn } });
    // The listing's minimum has not run: refused with the day it has.
    recordSpec([...before, ...lapse]).when(grant('2025-08-02')).thenRefuses('REPAIR_NOT_YET_ELIGIBLE', { earliestEligibleOn: '2026-02-02' });
    // On that day, still not rectified: refused as an application would be.
    recordSpec([...before, ...lapse]).when(grant('2026-02-02')).thenRefuses('RECTIFICATION_NOT_COMPLETED', { orderId: 'order-1' });
    // Rectified late, but the listing's minimum has not run: refused with the day it has.
    recordSpec([...before, ...lapse, ...late]).when(grant('2025-08-05')).thenRefuses('REPAIR_NOT_YET_ELIGIBLE', { earliestEligibleOn: '2026-02-02' });
    // A refusal can always be recorded.
    recordSpec([...before, ...lapse]).when({ ...decide(false), today: '2025-08-05', data: { ...decide(false).data, decidedOn: '2025-08-05' } }).thenEvents();
    // From that day the grant delists.
    const events = recordSpec([...before, ...lapse, ...late]).when(grant('2026-02-02')).thenEvents();
    expect(events.map((e) => e.type)).toEqual(['RepairDecided', 'PublicationEnded', 'InstitutionDelisted']);
  });

  it('a grant is refused while a rectification ordered after the application is open', () => {
    const history = [recorded(), applied('2025-07-15'), ordered('2025-07-16', '2025-12-31')];
    const grant = { ...decide(true), today: '2025-07-20', data: { ...decide(true).data, decidedOn: '2025-07-20' } };
    recordSpec(history).when(grant).thenRefuses('RECTIFICATION_NOT_COMPLETED', { orderId: 'order-1' });
  });

  it('a record corrected to MINOR since (no eligible day) still has its grant held back by an open order', () => {
    const history: RecordEvent[] = [
      recorded(),
      applied('2025-07-15'),
      ordered('2025-07-16', '2025-12-31'),
      { type: 'ObjectionFiled', data: { recordId: RECORD_ID, objectionId: 'obj-1', filedOn: '2025-07-17', grounds: '情节轻微' } },
      { type: 'ObjectionDecided', data: { recordId: RECORD_ID, objectionId: 'obj-1', decidedOn: '2025-07-18', outcome: 'CORRECTED', reason: '更正' } },
      { type: 'RecordCorrected', data: { recordId: RECORD_ID, objectionId: 'obj-1', correctedOn: '2025-07-18', changes: [{ field: 'severity', oldValue: 'SERIOUS', newValue: 'MINOR' }] } },
    ];
    const grant = { ...decide(true), today: '2025-07-20', data: { ...decide(true).data, decidedOn: '2025-07-20' } };
    recordSpec(history).when(grant).thenRefuses('RECTIFICATION_NOT_COMPLETED', { orderId: 'order-1' });
  });

  it('refuses an unknown or already decided application', () => {
    recordSpec(listedHistory).when(decide(true)).thenRefuses('REPAIR_APPLICATION_NOT_FOUND');
    const events = recordSpec(history).when(decide(false)).thenEvents();
    recordSpec([...history, ...events]).when(decide(true)).thenRefuses('REPAIR_ALREADY_DECIDED');
  });
});
