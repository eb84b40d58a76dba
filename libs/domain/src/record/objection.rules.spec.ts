import { RECORD_ID, USCC, findingOn, listedHistory, recordSpec, recorded } from '../testing/record-fixtures';
import { DecideObjection } from './record.commands';
import { RecordEvent } from './record.events';
import { banStatusOn, isListedOn, isListingRevoked, isUnderObjection, openObligations, publicationWindow } from './record.queries';
import { DishonestyRecord } from './record.state';

const filed = (objectionId = 'obj-1', filedOn = '2025-02-01'): RecordEvent => ({
  type: 'ObjectionFiled',
  data: { recordId: RECORD_ID, objectionId, filedOn, grounds: '欠款已于2024年结清' },
});
const decide = (outcome: DecideObjection['data']['outcome'], extra: Partial<DecideObjection['data']> = {}): DecideObjection => ({
  type: 'DecideObjection',
  today: '2025-06-10',
  data: { recordId: RECORD_ID, objectionId: 'obj-1', decidedOn: '2025-06-10', outcome, reason: '经核实', ...extra },
});
const decided = (outcome: DecideObjection['data']['outcome']): RecordEvent => ({
  type: 'ObjectionDecided',
  data: { recordId: RECORD_ID, objectionId: 'obj-1', decidedOn: '2025-06-10', outcome, reason: '经核实' },
});

describe('ObjectionFiled (domain.md §4.5)', () => {
  it('files an objection, which flags the record as under objection until decided', () => {
    recordSpec([recorded()])
      .when({ type: 'FileObjection', today: '2025-02-01', data: { recordId: RECORD_ID, objectionId: 'obj-1', filedOn: '2025-02-01', grounds: '欠款已于2024年结清' } })
      .then([filed()]);
    expect(isUnderObjection(recordSpec([recorded(), filed()]).state as DishonestyRecord)).toBe(true);
    expect(isUnderObjection(recordSpec([recorded(), filed(), decided('REJECTED')]).state as DishonestyRecord)).toBe(false);
  });

  it('publication is not suspended while under objection', () => {
    const { state } = recordSpec([recorded(), filed()]);
    expect(publicationWindow(state as DishonestyRecord).endedOn).toBeUndefined();
  });

  it('refuses an objection against a revoked record (RECORD_REVOKED)', () => {
    recordSpec([recorded(), filed(), ...revocation()])
      .when({ type: 'FileObjection', today: '2025-07-01', data: { recordId: RECORD_ID, objectionId: 'obj-2', filedOn: '2025-07-01', grounds: 'x' } })
      .thenRefuses('RECORD_REVOKED');
  });

  it('refuses a filing dated before the finding (VALIDATION_FAILED)', () => {
    recordSpec([recorded()])
      .when({ type: 'FileObjection', today: '2025-02-01', data: { recordId: RECORD_ID, objectionId: 'obj-1', filedOn: '2025-01-09', grounds: 'x' } })
      .thenRefuses('VALIDATION_FAILED');
  });

  it('accepts a second objection while one is undecided: each is decided on its own', () => {
    recordSpec([recorded(), filed()])
      .when({ type: 'FileObjection', today: '2025-02-02', data: { recordId: RECORD_ID, objectionId: 'obj-2', filedOn: '2025-02-02', grounds: 'x' } })
      .then([{ type: 'ObjectionFiled', data: { recordId: RECORD_ID, objectionId: 'obj-2', filedOn: '2025-02-02', grounds: 'x' } }]);
  });

  it('a record revoked by one objection is no longer under objection, though another was still undecided (it can no longer be decided)', () => {
    const both = [recorded(), filed(), filed('obj-2', '2025-02-02')];
    expect(isUnderObjection(recordSpec(both).state as DishonestyRecord)).toBe(true);
    const revoked = [...both, ...revocation()];
    expect(isUnderObjection(recordSpec(revoked).state as DishonestyRecord)).toBe(false);
    recordSpec(revoked).when(decide('REJECTED', { objectionId: 'obj-2' })).thenRefuses('RECORD_REVOKED');
  });
});

function revocation(): RecordEvent[] {
  return [decided('RECORD_REVOKED'), { type: 'RecordRevoked', data: { recordId: RECORD_ID, objectionId: 'obj-1', revokedOn: '2025-06-10', reason: '经核实' } }];
}

describe('ObjectionDecided (domain.md §4.5)', () => {
  it('REJECTED changes nothing', () => {
    recordSpec([recorded(), filed()]).when(decide('REJECTED')).then([decided('REJECTED')]);
  });

  it('CORRECTED records each changed field with its old and new value', () => {
    recordSpec([recorded(), filed()])
      .when(decide('CORRECTED', { corrections: { severity: 'GENERAL', description: '拖欠工程款（部分）', category: 'ARREARS_TO_ENTERPRISES' } }))
      .then([
        decided('CORRECTED'),
        {
          type: 'RecordCorrected',
          data: {
            recordId: RECORD_ID,
            objectionId: 'obj-1',
            correctedOn: '2025-06-10',
            changes: [
              { field: 'severity', oldValue: 'SERIOUS', newValue: 'GENERAL' },
              { field: 'description', oldValue: '拖欠民营企业工程款', newValue: '拖欠工程款（部分）' },
            ],
          },
        },
      ]);
  });

  it('derived periods are recomputed from the corrected values', () => {
    const before = publicationWindow(recordSpec([recorded()]).state as DishonestyRecord);
    const corrected: RecordEvent = {
      type: 'RecordCorrected',
      data: { recordId: RECORD_ID, objectionId: 'obj-1', correctedOn: '2025-06-10', changes: [{ field: 'severity', oldValue: 'SERIOUS', newValue: 'GENERAL' }] },
    };
    const after = publicationWindow(recordSpec([recorded(), filed(), decided('CORRECTED'), corrected]).state as DishonestyRecord);
    expect(before).toMatchObject({ lastDay: '2028-01-10', earliestRepairOn: '2025-07-11' });
    expect(after).toMatchObject({ lastDay: '2026-01-10', earliestRepairOn: '2025-04-11' });
  });

  it('a corrected findingOn may not move past what answered the finding: an order, an objection, a decision, a mitigation (VALIDATION_FAILED on corrections.findingOn)', () => {
    const ordered: RecordEvent[] = [
      recorded(),
      { type: 'RectificationOrdered', data: { recordId: RECORD_ID, orderId: 'order-1', orderedOn: '2025-01-15', deadline: '2025-03-31', requirements: '结清' } },
      filed('obj-1', '2025-02-01'),
    ];
    recordSpec(ordered)
      .when(decide('CORRECTED', { corrections: { findingOn: '2025-01-16' } }))
      .thenRefuses('VALIDATION_FAILED', { errors: [{ field: 'corrections.findingOn', message: 'must not be after the orderedOn of order-1 (2025-01-15), which answers the finding' }] });
    recordSpec(ordered).when(decide('CORRECTED', { corrections: { findingOn: '2025-01-15' } })).thenEvents();
    // The objection itself answers the finding too.
    recordSpec([recorded(), filed('obj-1', '2025-02-01')])
      .when(decide('CORRECTED', { corrections: { findingOn: '2025-02-02' } }))
      .thenRefuses('VALIDATION_FAILED', { errors: [{ field: 'corrections.findingOn' }] });
  });

  it('a correction may not put a granted repair before the corrected earliest eligible day (VALIDATION_FAILED on the field that moved it)', () => {
    // GENERAL, found 2025-01-10: eligible from 2025-04-11, applied then and granted on 2025-04-15.
    const repaired: RecordEvent[] = [
      recorded({ severity: 'GENERAL' }),
      { type: 'RepairApplied', data: { recordId: RECORD_ID, applicationId: 'repair-1', appliedOn: '2025-04-11', pledgeSigned: true, evidence: '已整改' } },
      { type: 'RepairDecided', data: { recordId: RECORD_ID, applicationId: 'repair-1', decidedOn: '2025-04-15', granted: true, reason: '符合条件' } },
      { type: 'PublicationEnded', data: { recordId: RECORD_ID, endedOn: '2025-04-15', reason: 'REPAIRED' } },
      filed('obj-1', '2025-05-01'),
    ];
    const tooLate = (field: string, earliest: string) => ({
      errors: [{ field, message: `would make repair application repair-1, granted on 2025-04-15, come before the corrected earliest eligible day (${earliest})` }],
    });
    // findingOn on the application's day: the grant would come three months early.
    recordSpec(repaired).when(decide('CORRECTED', { corrections: { findingOn: '2025-04-11' } })).thenRefuses('VALIDATION_FAILED', tooLate('corrections.findingOn', '2025-07-12'));
    // GENERAL → SERIOUS: a minimum of six months, not three.
    recordSpec(repaired).when(decide('CORRECTED', { corrections: { severity: 'SERIOUS' } })).thenRefuses('VALIDATION_FAILED', tooLate('corrections.severity', '2025-07-11'));
    // A finding four days later still leaves the grant on or after the earliest day: accepted.
    recordSpec(repaired).when(decide('CORRECTED', { corrections: { findingOn: '2025-01-14' } })).thenEvents();
    // A rejected application ended nothing: it holds no correction back.
    const rejected = repaired.map((e) => (e.type === 'RepairDecided' ? { ...e, data: { ...e.data, granted: false } } : e)).filter((e) => e.type !== 'PublicationEnded');
    recordSpec(rejected as RecordEvent[]).when(decide('CORRECTED', { corrections: { findingOn: '2025-04-30' } })).thenEvents();
  });

  it('a corrected findingOn across the policy boundary records the new policy version as a change', () => {
    const events = recordSpec([recorded({ occurredOn: '2026-03-01', finding: findingOn('2026-03-31') }), filed('obj-1', '2026-04-05')])
      .when({ ...decide('CORRECTED', { decidedOn: '2026-04-10', corrections: { findingOn: '2026-04-02' } }), today: '2026-04-10' })
      .thenEvents();
    expect(events[1]).toMatchObject({
      data: {
        changes: [
          { field: 'findingOn', oldValue: '2026-03-31', newValue: '2026-04-02' },
          { field: 'policyVersion', oldValue: 'NDRC-2019-527', newValue: 'NDRC-2025-36' },
        ],
      },
    });
  });

  it('a corrected findingOn under another version recomputes the listing’s terms too, and repair waits for the new minimum', () => {
    // Found 2026-03-20 (NDRC-2019-527: listing at least 6 months), listed 2026-04-11.
    const listedOn2026: RecordEvent[] = [
      recorded({ occurredOn: '2026-03-01', finding: findingOn('2026-03-20') }),
      { type: 'RectificationOrdered', data: { recordId: RECORD_ID, orderId: 'order-1', orderedOn: '2026-04-03', deadline: '2026-04-10', requirements: '结清' } },
      { type: 'RectificationDeadlineLapsed', data: { recordId: RECORD_ID, orderId: 'order-1', deadline: '2026-04-10', effectiveOn: '2026-04-11' } },
      {
        type: 'InstitutionListed',
        data: { recordId: RECORD_ID, uscc: USCC, listedOn: '2026-04-11', policyVersion: 'NDRC-2019-527', minimumLastDay: '2026-10-11', publicationLastDay: '2029-04-11' },
      },
      filed('obj-1', '2026-04-20'),
    ];
    const before = publicationWindow(recordSpec(listedOn2026).state as DishonestyRecord);
    const events = recordSpec(listedOn2026)
      .when({ ...decide('CORRECTED', { decidedOn: '2026-04-25', corrections: { findingOn: '2026-04-02' } }), today: '2026-04-25' })
      .thenEvents();
    // NDRC-2025-36: listing at least 1 year; at most 3 years under both, so that term does not change.
    expect(events[1]).toMatchObject({
      data: {
        changes: [
          { field: 'findingOn', oldValue: '2026-03-20', newValue: '2026-04-02' },
          { field: 'policyVersion', oldValue: 'NDRC-2019-527', newValue: 'NDRC-2025-36' },
          { field: 'listing.policyVersion', oldValue: 'NDRC-2019-527', newValue: 'NDRC-2025-36' },
          { field: 'listing.minimumLastDay', oldValue: '2026-10-11', newValue: '2027-04-11' },
        ],
      },
    });
    const state = recordSpec([...listedOn2026, ...events]).state as DishonestyRecord;
    expect(state.listing).toMatchObject({ listedOn: '2026-04-11', policyVersion: 'NDRC-2025-36', minimumLastDay: '2027-04-11', publicationLastDay: '2029-04-11' });
    expect(before.earliestRepairOn).toBe('2026-10-12');
    expect(publicationWindow(state).earliestRepairOn).toBe('2027-04-12');

    // A v1 correction in an older log never stated the listing's terms: evolve works them out the same.
    const v1 = events.map((event) =>
      event.type === 'RecordCorrected' ? { ...event, data: { ...event.data, changes: event.data.changes.filter((c) => !c.field.startsWith('listing.')) } } : event,
    );
    expect((recordSpec([...listedOn2026, ...v1]).state as DishonestyRecord).listing).toEqual(state.listing);
  });

  it('CORRECTED without any change, or with a field that is not correctable, is invalid', () => {
    recordSpec([recorded(), filed()]).when(decide('CORRECTED', { corrections: { severity: 'SERIOUS' } })).thenRefuses('VALIDATION_FAILED');
    recordSpec([recorded(), filed()]).when(decide('CORRECTED', { corrections: { subject: 'x' } as never })).thenRefuses('VALIDATION_FAILED');
    recordSpec([recorded(), filed()]).when(decide('CORRECTED')).thenRefuses('VALIDATION_FAILED');
  });

  it('RECORD_REVOKED revokes the record, voids the ban, delists, ends publication and cancels open obligations', () => {
    recordSpec([...listedHistory, filed('obj-1', '2025-05-01')])
      .when(decide('RECORD_REVOKED'))
      .then([
        decided('RECORD_REVOKED'),
        { type: 'RecordRevoked', data: { recordId: RECORD_ID, objectionId: 'obj-1', revokedOn: '2025-06-10', reason: '经核实' } },
        { type: 'InstitutionDelisted', data: { recordId: RECORD_ID, uscc: USCC, delistedOn: '2025-06-10', reason: 'RECORD_REVOKED' } },
        { type: 'AwardBanVoided', data: { banId: `ban-${RECORD_ID}`, recordId: RECORD_ID, voidedOn: '2025-06-10', reason: 'RECORD_REVOKED', objectionId: 'obj-1' } },
        { type: 'PublicationEnded', data: { recordId: RECORD_ID, endedOn: '2025-06-10', reason: 'RECORD_REVOKED' } },
        { type: 'AccountabilityObligationCancelled', data: { recordId: RECORD_ID, obligationId: 'obligation-1', cancelledOn: '2025-06-10', reason: 'RECORD_REVOKED' } },
      ]);
  });

  it('a voided ban counts as never in force: VOIDED on every date, even before the voiding', () => {
    const events = recordSpec([...listedHistory, filed('obj-1', '2025-05-01')]).when(decide('RECORD_REVOKED')).thenEvents();
    const { state } = recordSpec([...listedHistory, filed('obj-1', '2025-05-01'), ...events]);
    const ban = (state as DishonestyRecord).ban!;
    expect(banStatusOn(ban, '2025-04-01')).toBe('VOIDED');
    expect(banStatusOn(ban, '2027-01-01')).toBe('VOIDED');
  });

  it('LISTING_REVOKED keeps the record but delists, voids the ban and cancels the accountability the lapse required', () => {
    const events = recordSpec([...listedHistory, filed('obj-1', '2025-05-01')]).when(decide('LISTING_REVOKED')).then([
      decided('LISTING_REVOKED'),
      { type: 'InstitutionDelisted', data: { recordId: RECORD_ID, uscc: USCC, delistedOn: '2025-06-10', reason: 'LISTING_REVOKED' } },
      { type: 'AwardBanVoided', data: { banId: `ban-${RECORD_ID}`, recordId: RECORD_ID, voidedOn: '2025-06-10', reason: 'LISTING_REVOKED', objectionId: 'obj-1' } },
      { type: 'AccountabilityObligationCancelled', data: { recordId: RECORD_ID, obligationId: 'obligation-1', cancelledOn: '2025-06-10', reason: 'LISTING_REVOKED' } },
    ]);
    const { state } = recordSpec([...listedHistory, filed('obj-1', '2025-05-01'), ...events]);
    expect(state.status).toBe('ACTIVE');
    expect(publicationWindow(state as DishonestyRecord).endedOn).toBeUndefined();
    expect(openObligations(state as DishonestyRecord)).toEqual([]);
  });

  it('LISTING_REVOKED leaves an accountability decision already taken as it stands', () => {
    const decidedAccountability: RecordEvent = {
      type: 'AccountabilityDecided',
      data: { recordId: RECORD_ID, obligationId: 'obligation-1', personId: 'p-wang', measure: 'ADMONISHMENT', decidedOn: '2025-05-20', documentNo: '济高纪〔2025〕8号', authority: '高新区纪工委' },
    };
    const history = [...listedHistory, decidedAccountability, filed('obj-1', '2025-05-21')];
    const events = recordSpec(history).when(decide('LISTING_REVOKED')).thenEvents();
    expect(events.map((e) => e.type)).toEqual(['ObjectionDecided', 'InstitutionDelisted', 'AwardBanVoided']);
    const record = recordSpec([...history, ...events]).state as DishonestyRecord;
    expect(record.accountabilityDecisions).toHaveLength(1);
  });

  it('a listing already ended by repair is still revoked (its own delisting says so): it then counts as never in force', () => {
    const repaired: RecordEvent[] = [
      ...listedHistory,
      { type: 'InstitutionDelisted', data: { recordId: RECORD_ID, uscc: USCC, delistedOn: '2025-05-20', reason: 'REPAIRED' } },
      filed('obj-1', '2025-05-21'),
    ];
    expect(isListedOn(recordSpec(repaired).state as DishonestyRecord, '2025-05-01')).toBe(true);
    for (const outcome of ['LISTING_REVOKED', 'RECORD_REVOKED'] as const) {
      const events = recordSpec(repaired).when(decide(outcome)).thenEvents();
      expect(events.filter((e) => e.type === 'InstitutionDelisted')).toEqual([
        { type: 'InstitutionDelisted', data: { recordId: RECORD_ID, uscc: USCC, delistedOn: '2025-06-10', reason: outcome } },
      ]);
      const record = recordSpec([...repaired, ...events]).state as DishonestyRecord;
      expect([isListingRevoked(record), isListedOn(record, '2025-05-01')]).toEqual([true, false]);
    }
  });

  it('LISTING_REVOKED on a record that was never listed is refused (NOT_LISTED)', () => {
    recordSpec([recorded(), filed()]).when(decide('LISTING_REVOKED')).thenRefuses('NOT_LISTED');
  });

  it('refuses an unknown or already decided objection', () => {
    recordSpec([recorded()]).when(decide('REJECTED')).thenRefuses('OBJECTION_NOT_FOUND');
    recordSpec([recorded(), filed(), decided('REJECTED')]).when(decide('REJECTED')).thenRefuses('OBJECTION_ALREADY_DECIDED');
  });

  it('refuses a decision dated before the filing (VALIDATION_FAILED) or after today (DATE_IN_FUTURE)', () => {
    recordSpec([recorded(), filed('obj-1', '2025-06-11')]).when({ ...decide('REJECTED'), today: '2025-06-12' }).thenRefuses('VALIDATION_FAILED');
    recordSpec([recorded(), filed()]).when({ ...decide('REJECTED'), today: '2025-06-09' }).thenRefuses('DATE_IN_FUTURE');
  });

  it('the original record and everything that happened to it stay in the history', () => {
    const history = [...listedHistory, filed('obj-1', '2025-05-01')];
    const events = recordSpec(history).when(decide('RECORD_REVOKED')).thenEvents();
    const { state } = recordSpec([...history, ...events]);
    const record = state as DishonestyRecord;
    expect(record).toMatchObject({ status: 'REVOKED', severity: 'SERIOUS', listing: { listedOn: '2025-04-01' } });
    expect(record.obligations[0].status).toBe('CANCELLED');
  });
});
