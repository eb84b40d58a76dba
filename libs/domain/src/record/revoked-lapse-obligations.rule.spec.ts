import { evolveInstitution } from '../institution/institution.state';
import { RECORD_ID, USCC, context, listedHistory, recordSpec } from '../testing/record-fixtures';
import { CancelRevokedLapseObligations, ReassignAccountability } from './record.commands';
import { RecordEvent } from './record.events';
import { openObligations } from './record.queries';
import { DishonestyRecord } from './record.state';

const cancel = (objectionId = 'obj-1', today = '2026-12-07'): CancelRevokedLapseObligations => ({
  type: 'CancelRevokedLapseObligations',
  today,
  data: { recordId: RECORD_ID, objectionId },
});

const filed = (objectionId = 'obj-1', filedOn = '2025-05-01'): RecordEvent => ({
  type: 'ObjectionFiled',
  data: { recordId: RECORD_ID, objectionId, filedOn, grounds: '整改已按期完成' },
});

/** A LISTING_REVOKED decision as code before aeb7cbb wrote it: delisted, ban voided, the obligation left OPEN. */
const listingRevokedOldStyle = (objectionId = 'obj-1', on = '2025-06-10'): RecordEvent[] => [
  { type: 'ObjectionDecided', data: { recordId: RECORD_ID, objectionId, decidedOn: on, outcome: 'LISTING_REVOKED', reason: '整改按期完成，列入有误' } },
  { type: 'InstitutionDelisted', data: { recordId: RECORD_ID, uscc: USCC, delistedOn: on, reason: 'LISTING_REVOKED' } },
  { type: 'AwardBanVoided', data: { banId: `ban-${RECORD_ID}`, recordId: RECORD_ID, voidedOn: on, reason: 'LISTING_REVOKED', objectionId } },
];

const oldLog: RecordEvent[] = [...listedHistory, filed(), ...listingRevokedOldStyle()];

const stateOf = (events: RecordEvent[]) => recordSpec(events).state as DishonestyRecord;

describe('CancelRevokedLapseObligations: the obligations a lapse found wrong left open (old logs)', () => {
  it('cancels the open obligation as LISTING_REVOKED, dated the objection’s decidedOn (not the day the saga runs)', () => {
    expect(openObligations(stateOf(oldLog))).toHaveLength(1);
    const events = recordSpec(oldLog)
      .when(cancel('obj-1', '2026-12-07'))
      .then([
        { type: 'AccountabilityObligationCancelled', data: { recordId: RECORD_ID, obligationId: 'obligation-1', cancelledOn: '2025-06-10', reason: 'LISTING_REVOKED' } },
      ]);
    const record = stateOf([...oldLog, ...events]);
    expect(openObligations(record)).toEqual([]);
    expect(record.obligations).toEqual([expect.objectContaining({ obligationId: 'obligation-1', status: 'CANCELLED', closedOn: '2025-06-10' })]);
  });

  it('cancels what the decision would have: the same events as a LISTING_REVOKED decided today', () => {
    const now = recordSpec([...listedHistory, filed()])
      .when({ type: 'DecideObjection', today: '2025-06-10', data: { recordId: RECORD_ID, objectionId: 'obj-1', decidedOn: '2025-06-10', outcome: 'LISTING_REVOKED', reason: '整改按期完成，列入有误' } })
      .thenEvents();
    const later = recordSpec(oldLog).when(cancel()).thenEvents();
    expect(now.filter((e) => e.type === 'AccountabilityObligationCancelled')).toStrictEqual(later);
  });

  it('cancels every obligation still open, also one a leader correction required after the decision', () => {
    const corrected: RecordEvent[] = [
      { type: 'AccountabilityObligationCancelled', data: { recordId: RECORD_ID, obligationId: 'obligation-1', cancelledOn: '2025-07-01', reason: 'LEADER_CORRECTED' } },
      {
        type: 'AccountabilityRequired',
        data: { recordId: RECORD_ID, obligationId: 'obligation-2', personId: 'p-zhou', name: '周某', role: 'LEADER_AT_DEADLINE', uscc: USCC, requiredOn: '2025-04-01' },
      },
    ];
    recordSpec([...oldLog, ...corrected])
      .when(cancel())
      .then([
        { type: 'AccountabilityObligationCancelled', data: { recordId: RECORD_ID, obligationId: 'obligation-2', cancelledOn: '2025-06-10', reason: 'LISTING_REVOKED' } },
      ]);
  });

  it('appends nothing when the decision already cancelled them (a log written since)', () => {
    const history = [...listedHistory, filed()];
    const decided = recordSpec(history)
      .when({ type: 'DecideObjection', today: '2025-06-10', data: { recordId: RECORD_ID, objectionId: 'obj-1', decidedOn: '2025-06-10', outcome: 'LISTING_REVOKED', reason: '整改按期完成，列入有误' } })
      .thenEvents();
    expect(decided.map((e) => e.type)).toContain('AccountabilityObligationCancelled');
    expect(recordSpec([...history, ...decided]).when(cancel()).thenEvents()).toEqual([]);
  });

  it('appends nothing a second time (the cancellation is in the log)', () => {
    const events = recordSpec(oldLog).when(cancel()).thenEvents();
    expect(recordSpec([...oldLog, ...events]).when(cancel()).thenEvents()).toEqual([]);
  });

  it('leaves an accountability decision already taken as it stands', () => {
    const decidedAccountability: RecordEvent = {
      type: 'AccountabilityDecided',
      data: { recordId: RECORD_ID, obligationId: 'obligation-1', personId: 'p-wang', measure: 'ADMONISHMENT', decidedOn: '2025-06-20', documentNo: '济高纪〔2025〕8号', authority: '高新区纪工委' },
    };
    expect(recordSpec([...oldLog, decidedAccountability]).when(cancel()).thenEvents()).toEqual([]);
  });

  it('does nothing to a record revoked since (its revocation cancelled the obligations; nothing more may happen to it)', () => {
    const revoked: RecordEvent[] = [
      filed('obj-2', '2025-07-01'),
      { type: 'ObjectionDecided', data: { recordId: RECORD_ID, objectionId: 'obj-2', decidedOn: '2025-07-10', outcome: 'RECORD_REVOKED', reason: '认定有误' } },
      { type: 'RecordRevoked', data: { recordId: RECORD_ID, objectionId: 'obj-2', revokedOn: '2025-07-10', reason: '认定有误' } },
      { type: 'PublicationEnded', data: { recordId: RECORD_ID, endedOn: '2025-07-10', reason: 'RECORD_REVOKED' } },
      { type: 'AccountabilityObligationCancelled', data: { recordId: RECORD_ID, obligationId: 'obligation-1', cancelledOn: '2025-07-10', reason: 'RECORD_REVOKED' } },
    ];
    expect(recordSpec([...oldLog, ...revoked]).when(cancel()).thenEvents()).toEqual([]);
  });

  it('refuses an objection it does not know (OBJECTION_NOT_FOUND), one not decided LISTING_REVOKED (VALIDATION_FAILED), and a record that does not exist (NOT_FOUND)', () => {
    recordSpec(oldLog).when(cancel('obj-9')).thenRefuses('OBJECTION_NOT_FOUND');
    const rejected: RecordEvent = {
      type: 'ObjectionDecided',
      data: { recordId: RECORD_ID, objectionId: 'obj-1', decidedOn: '2025-06-10', outcome: 'REJECTED', reason: '异议不成立' },
    };
    recordSpec([...listedHistory, filed(), rejected]).when(cancel()).thenRefuses('VALIDATION_FAILED');
    recordSpec([...listedHistory, filed()]).when(cancel()).thenRefuses('VALIDATION_FAILED');
    recordSpec([]).when(cancel()).thenRefuses('NOT_FOUND');
  });
});

describe('ReassignAccountability after a LISTING_REVOKED decision', () => {
  const reassign = (today: string): ReassignAccountability => ({ type: 'ReassignAccountability', today, data: { recordId: RECORD_ID } });
  // p-zhou back-entered as leader from 2025-03-01: in office on the deadline (2025-03-31), not p-wang.
  const corrected = evolveInstitution(context.institution, {
    type: 'PrincipalLeaderAppointed',
    data: { uscc: USCC, personId: 'p-zhou', name: '周某', title: '主任', effectiveOn: '2025-03-01' },
  });

  it('requires no new obligation for a lapse found wrong: an obligation an old log left open is not moved', () => {
    // Without the decision it would be moved (cancelled LEADER_CORRECTED, required of p-zhou).
    expect(recordSpec(listedHistory, { ...context, institution: corrected }).when(reassign('2025-07-01')).thenEvents()).toHaveLength(2);
    expect(recordSpec(oldLog, { ...context, institution: corrected }).when(reassign('2025-07-01')).thenEvents()).toEqual([]);
  });

  it('nor after the obligations were cancelled, in whichever order the two sagas ran', () => {
    const cancelled = recordSpec(oldLog).when(cancel()).thenEvents();
    expect(recordSpec([...oldLog, ...cancelled], { ...context, institution: corrected }).when(reassign('2025-07-01')).thenEvents()).toEqual([]);
  });

  it('also for a listing revoked after a repair had ended it (a log without a second delisting)', () => {
    const afterRepair: RecordEvent[] = [
      ...listedHistory,
      { type: 'InstitutionDelisted', data: { recordId: RECORD_ID, uscc: USCC, delistedOn: '2025-05-10', reason: 'REPAIRED' } },
      filed('obj-1', '2025-05-12'),
      { type: 'ObjectionDecided', data: { recordId: RECORD_ID, objectionId: 'obj-1', decidedOn: '2025-05-15', outcome: 'LISTING_REVOKED', reason: '列入有误' } },
    ];
    expect(recordSpec(afterRepair, { ...context, institution: corrected }).when(reassign('2025-07-01')).thenEvents()).toEqual([]);
    recordSpec(afterRepair)
      .when(cancel())
      .then([
        { type: 'AccountabilityObligationCancelled', data: { recordId: RECORD_ID, obligationId: 'obligation-1', cancelledOn: '2025-05-15', reason: 'LISTING_REVOKED' } },
      ]);
  });
});
