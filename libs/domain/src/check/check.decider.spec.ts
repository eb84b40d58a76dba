import { CommitmentEvent } from '../commitment/commitment.events';
import { commitmentDecider } from '../commitment/commitment.decider';
import { RecordEvent } from '../record/record.events';
import { deciderSpec } from '../testing/decider-spec';
import { RECORD_ID, USCC, listedHistory, officialRecorded, ordered, recordSpec, recorded } from '../testing/record-fixtures';
import { PerformCreditCheck } from './check.commands';
import { checkDecider } from './check.decider';
import { CheckEvent } from './check.events';
import { assessCredit, greyListReasons } from './credit-assessment';

const recordsOf = (...histories: RecordEvent[][]) => histories.map((events) => recordSpec(events).state);
const noContext = { subjectKnown: true, records: [], commitments: [] };
const spec = deciderSpec(checkDecider, noContext);

const perform = (matter: PerformCreditCheck['data']['matter'], on: string, subject = { kind: 'INSTITUTION' as const, id: USCC }): PerformCreditCheck => ({
  type: 'PerformCreditCheck',
  today: on,
  data: { checkId: 'chk-1', subject, matter, on, caseRef: '高新区评优〔2025〕1号' },
});

describe('credit check outcome (domain.md §4.8)', () => {
  it('CLEAR with nothing on record', () => {
    const [event] = spec([]).when(perform('AWARD_EVALUATION', '2025-05-01')).thenEvents();
    expect(event).toMatchObject({ data: { outcome: 'CLEAR', findings: [] } });
  });

  it('RESTRICTED for an award evaluation during an active award ban, with the ban and the listing as findings', () => {
    const [event] = spec([], { ...noContext, records: recordsOf(listedHistory) }).when(perform('AWARD_EVALUATION', '2025-05-01')).thenEvents();
    expect(event.type === 'CreditCheckPerformed' && event.data.outcome).toBe('RESTRICTED');
    expect(event.type === 'CreditCheckPerformed' && event.data.findings.map((f) => [f.kind, f.ref, f.measures.map((m) => m.code)])).toEqual([
      ['AWARD_BAN', `ban-${RECORD_ID}`, ['JP-AWARD-BAN']],
      ['LISTING', RECORD_ID, ['JP-LISTED-HONOURS']],
      ['OPEN_RECTIFICATION', RECORD_ID, ['JA-CLOSE-REVIEW']],
    ]);
  });

  it('a listing an objection revoked as wrong restricts no date, not even one before the revocation: the record is a record in publication', () => {
    const revoked: RecordEvent[] = [
      ...listedHistory,
      { type: 'ObjectionFiled', data: { recordId: RECORD_ID, objectionId: 'obj-1', filedOn: '2025-05-02', grounds: '已按期整改' } },
      { type: 'ObjectionDecided', data: { recordId: RECORD_ID, objectionId: 'obj-1', decidedOn: '2025-05-10', outcome: 'LISTING_REVOKED', reason: '整改按期' } },
      { type: 'InstitutionDelisted', data: { recordId: RECORD_ID, uscc: USCC, delistedOn: '2025-05-10', reason: 'LISTING_REVOKED' } },
      { type: 'AwardBanVoided', data: { banId: `ban-${RECORD_ID}`, recordId: RECORD_ID, voidedOn: '2025-05-10', reason: 'LISTING_REVOKED', objectionId: 'obj-1' } },
    ];
    const before = assessCredit({ subject: { kind: 'INSTITUTION', id: USCC }, matter: 'AWARD_EVALUATION', on: '2025-04-20', records: recordsOf(listedHistory) });
    expect(before.findings.map((f) => f.kind)).toEqual(['AWARD_BAN', 'LISTING', 'OPEN_RECTIFICATION']);
    const after = assessCredit({ subject: { kind: 'INSTITUTION', id: USCC }, matter: 'AWARD_EVALUATION', on: '2025-04-20', records: recordsOf(revoked) });
    expect(after.findings.map((f) => f.kind)).toEqual(['RECORD', 'OPEN_RECTIFICATION']);
    expect(after.outcome).toBe('ATTENTION');
  });

  it('RESTRICTED for a listed institution in any matter the catalogue covers (procurement)', () => {
    const result = assessCredit({ subject: { kind: 'INSTITUTION', id: USCC }, matter: 'PROCUREMENT', on: '2025-05-01', records: recordsOf(listedHistory) });
    expect(result.outcome).toBe('RESTRICTED');
    expect(result.findings.find((f) => f.kind === 'AWARD_BAN')).toBeUndefined();
  });

  it('ATTENTION for a record in publication without listing', () => {
    const result = assessCredit({ subject: { kind: 'INSTITUTION', id: USCC }, matter: 'AWARD_EVALUATION', on: '2025-02-01', records: recordsOf([recorded()]) });
    expect(result).toMatchObject({ outcome: 'ATTENTION', findings: [{ kind: 'RECORD', ref: RECORD_ID, level: 'ATTENTION' }] });
  });

  it('CLEAR for a MINOR record, which is never in publication', () => {
    expect(assessCredit({ subject: { kind: 'INSTITUTION', id: USCC }, matter: 'PROCUREMENT', on: '2025-02-01', records: recordsOf([recorded({ severity: 'MINOR' })]) }).outcome).toBe('CLEAR');
  });

  it('ATTENTION for an open rectification order and for an overdue commitment', () => {
    const open = assessCredit({ subject: { kind: 'INSTITUTION', id: USCC }, matter: 'PROCUREMENT', on: '2025-02-01', records: recordsOf([recorded({ severity: 'MINOR' }), ordered('2025-01-15', '2025-03-31')]) });
    expect(open).toMatchObject({ outcome: 'ATTENTION', findings: [{ kind: 'OPEN_RECTIFICATION' }] });

    const made: CommitmentEvent = {
      type: 'CommitmentMade',
      data: { commitmentId: 'c-1', institutionUscc: USCC, kind: 'DEADLINE', domain: 'OTHER', title: 't', content: 'c', signedBy: 'p-wang', madeOn: '2024-05-06', dueOn: '2024-06-05', channels: ['PORTAL'] },
    };
    const commitment = commitmentDecider.evolve(commitmentDecider.initialState(), made);
    const overdue = assessCredit({ subject: { kind: 'INSTITUTION', id: USCC }, matter: 'PROCUREMENT', on: '2024-06-06', records: [], commitments: [commitment] });
    expect(overdue).toMatchObject({ outcome: 'ATTENTION', findings: [{ kind: 'OVERDUE_COMMITMENT', ref: 'c-1' }] });
    expect(greyListReasons(USCC, '2024-06-06', [], [commitment])).toEqual(['OVERDUE_COMMITMENT']);
  });

  describe('officials', () => {
    const official = { kind: 'OFFICIAL' as const, id: 'p-zhao' };

    it.each(['AWARD_EVALUATION', 'PROMOTION'] as const)('RESTRICTED for %s with a GENERAL or SERIOUS record in publication', (matter) => {
      expect(assessCredit({ subject: official, matter, on: '2025-02-01', records: recordsOf([officialRecorded()]) }).outcome).toBe('RESTRICTED');
    });

    it('ATTENTION for other matters', () => {
      expect(assessCredit({ subject: official, matter: 'FINANCIAL_SUBSIDY', on: '2025-02-01', records: recordsOf([officialRecorded()]) }).outcome).toBe('ATTENTION');
    });

    it('mitigation EXEMPTED: the record no longer restricts, but stays visible', () => {
      const exempted: RecordEvent = {
        type: 'MitigationDecided',
        data: { recordId: RECORD_ID, personId: 'p-zhao', decidedOn: '2025-01-20', effect: 'EXEMPTED', basis: '主动挽回损失' },
      };
      const reduced: RecordEvent = { ...exempted, data: { ...exempted.data, effect: 'REDUCED' } } as RecordEvent;
      expect(assessCredit({ subject: official, matter: 'PROMOTION', on: '2025-02-01', records: recordsOf([officialRecorded(), exempted]) }).outcome).toBe('ATTENTION');
      expect(assessCredit({ subject: official, matter: 'PROMOTION', on: '2025-02-01', records: recordsOf([officialRecorded(), reduced]) }).outcome).toBe('RESTRICTED');
      // The approver sees the mitigation in the finding: REDUCED (从轻) restricts still, but lighter.
      const [reducedFinding] = assessCredit({ subject: official, matter: 'PROMOTION', on: '2025-02-01', records: recordsOf([officialRecorded(), reduced]) }).findings;
      expect(reducedFinding.detail).toContain('mitigation REDUCED (从轻) decided 2025-01-20: 主动挽回损失');
      const [exemptedFinding] = assessCredit({ subject: official, matter: 'PROMOTION', on: '2025-02-01', records: recordsOf([officialRecorded(), exempted]) }).findings;
      expect(exemptedFinding.detail).toContain('mitigation EXEMPTED (免于惩戒) decided 2025-01-20');
      const [before] = assessCredit({ subject: official, matter: 'PROMOTION', on: '2025-01-19', records: recordsOf([officialRecorded(), reduced]) }).findings;
      expect(before.detail).not.toContain('mitigation');
      // Valid time: a check about a day before the mitigation was decided finds the record restricting.
      expect(assessCredit({ subject: official, matter: 'PROMOTION', on: '2025-01-19', records: recordsOf([officialRecorded(), exempted]) }).outcome).toBe('RESTRICTED');
      expect(assessCredit({ subject: official, matter: 'PROMOTION', on: '2025-01-20', records: recordsOf([officialRecorded(), exempted]) }).outcome).toBe('ATTENTION');
    });

    it('ignores records about other subjects', () => {
      expect(assessCredit({ subject: official, matter: 'PROMOTION', on: '2025-02-01', records: recordsOf(listedHistory) }).outcome).toBe('CLEAR');
    });
  });

  it('refuses an unknown subject and a check dated after today', () => {
    spec([], { ...noContext, subjectKnown: false }).when(perform('PROCUREMENT', '2025-02-01')).thenRefuses('SUBJECT_NOT_FOUND');
    spec([]).when({ ...perform('PROCUREMENT', '2025-02-02'), today: '2025-02-01' }).thenRefuses('DATE_IN_FUTURE');
  });
});

describe('CheckFeedbackGiven (联合奖惩 feedback)', () => {
  const performed = spec([], { ...noContext, records: recordsOf(listedHistory) }).when(perform('AWARD_EVALUATION', '2025-05-01')).thenEvents() as CheckEvent[];
  const feedback = (applied: string[], notApplied: { code: string; reason: string }[]) => ({
    type: 'GiveCheckFeedback' as const,
    today: '2025-05-06',
    data: { checkId: 'chk-1', applied, notApplied },
  });

  it('covers every returned measure: applied, or not applied with a reason', () => {
    spec(performed)
      .when(feedback(['JP-AWARD-BAN', 'JP-LISTED-HONOURS'], [{ code: 'JA-CLOSE-REVIEW', reason: '已取消评选资格，无需另行审核' }]))
      .then([
        {
          type: 'CheckFeedbackGiven',
          data: { checkId: 'chk-1', givenOn: '2025-05-06', applied: ['JP-AWARD-BAN', 'JP-LISTED-HONOURS'], notApplied: [{ code: 'JA-CLOSE-REVIEW', reason: '已取消评选资格，无需另行审核' }] },
        },
      ]);
  });

  it('is refused when a measure is left out (FEEDBACK_INCOMPLETE)', () => {
    spec(performed).when(feedback(['JP-AWARD-BAN'], [])).thenRefuses('FEEDBACK_INCOMPLETE', { missing: ['JP-LISTED-HONOURS', 'JA-CLOSE-REVIEW'] });
  });

  it('is refused for a measure the check did not return (FEEDBACK_UNKNOWN_MEASURE)', () => {
    spec(performed).when(feedback(['JP-AWARD-BAN', 'JP-LISTED-HONOURS', 'JA-CLOSE-REVIEW', 'JP-LISTED-FUNDS'], [])).thenRefuses('FEEDBACK_UNKNOWN_MEASURE');
  });

  it('a not-applied measure needs a reason', () => {
    spec(performed).when(feedback(['JP-AWARD-BAN', 'JP-LISTED-HONOURS'], [{ code: 'JA-CLOSE-REVIEW', reason: '' }])).thenRefuses('VALIDATION_FAILED');
  });

  it('is given once', () => {
    const given = spec(performed).when(feedback(['JP-AWARD-BAN', 'JP-LISTED-HONOURS', 'JA-CLOSE-REVIEW'], [])).thenEvents();
    spec([...performed, ...given]).when(feedback(['JP-AWARD-BAN', 'JP-LISTED-HONOURS', 'JA-CLOSE-REVIEW'], [])).thenRefuses('FEEDBACK_ALREADY_GIVEN');
  });

  it('a CLEAR check is answered with empty feedback; an unknown check is NOT_FOUND', () => {
    const clear = spec([]).when(perform('PROCUREMENT', '2025-05-01')).thenEvents();
    expect(spec(clear).when(feedback([], [])).thenEvents()).toHaveLength(1);
    spec([]).when(feedback([], [])).thenRefuses('NOT_FOUND');
  });
});

/** The record revoked as wrong from the start by an objection decided on 2025-06-10 (domain.md §4.5). */
const revokedOn0610 = (official = false): RecordEvent[] => [
  { type: 'ObjectionFiled', data: { recordId: RECORD_ID, objectionId: 'obj-1', filedOn: '2025-06-01', grounds: '认定主体错误' } },
  { type: 'ObjectionDecided', data: { recordId: RECORD_ID, objectionId: 'obj-1', decidedOn: '2025-06-10', outcome: 'RECORD_REVOKED', reason: '经核实' } },
  { type: 'RecordRevoked', data: { recordId: RECORD_ID, objectionId: 'obj-1', revokedOn: '2025-06-10', reason: '经核实' } },
  ...(official ? [] : ([{ type: 'PublicationEnded', data: { recordId: RECORD_ID, endedOn: '2025-06-10', reason: 'RECORD_REVOKED' } }] as RecordEvent[])),
];

describe('a record revoked as wrong (RECORD_REVOKED) counts on no date', () => {
  it('in a credit check about a day before the revocation', () => {
    const official = { kind: 'OFFICIAL' as const, id: 'p-zhao' };
    expect(assessCredit({ subject: official, matter: 'PROMOTION', on: '2025-02-01', records: recordsOf([officialRecorded()]) }).outcome).toBe('RESTRICTED');
    expect(assessCredit({ subject: official, matter: 'PROMOTION', on: '2025-02-01', records: recordsOf([officialRecorded(), ...revokedOn0610(true)]) })).toEqual({
      outcome: 'CLEAR',
      findings: [],
    });
    const institution = { kind: 'INSTITUTION' as const, id: USCC };
    expect(assessCredit({ subject: institution, matter: 'PROCUREMENT', on: '2025-02-01', records: recordsOf([...listedHistory, ...revokedOn0610()]) }).outcome).toBe('CLEAR');
  });

  it('on the grey list on a day before the revocation', () => {
    expect(greyListReasons(USCC, '2025-02-01', recordsOf([...listedHistory, ...revokedOn0610()]), [])).toEqual([]);
  });
});

describe('grey list (重点关注, domain.md §4.7)', () => {
  it('a SERIOUS record in publication that has not led to listing', () => {
    expect(greyListReasons(USCC, '2025-02-01', recordsOf([recorded()]), [])).toEqual(['SERIOUS_RECORD_NOT_LISTED']);
    expect(greyListReasons(USCC, '2025-02-01', recordsOf([recorded({ severity: 'GENERAL' })]), [])).toEqual([]);
  });

  it('a listed institution is on the black list, not grey for that record; its outstanding order still counts', () => {
    expect(greyListReasons(USCC, '2025-05-01', recordsOf(listedHistory), [])).toEqual(['OPEN_RECTIFICATION_ORDER']);
  });

  it('a listing does not reach back: before its date the record was in publication and not listed (valid time)', () => {
    // Found 2025-01-10, ordered on 2025-01-15, listed on 2025-04-01.
    expect(greyListReasons(USCC, '2025-01-12', recordsOf(listedHistory), [])).toEqual(['SERIOUS_RECORD_NOT_LISTED']);
    expect(greyListReasons(USCC, '2025-02-01', recordsOf(listedHistory), [])).toEqual(['OPEN_RECTIFICATION_ORDER', 'SERIOUS_RECORD_NOT_LISTED']);
    expect(greyListReasons(USCC, '2025-04-01', recordsOf(listedHistory), [])).not.toContain('SERIOUS_RECORD_NOT_LISTED');
  });
});
