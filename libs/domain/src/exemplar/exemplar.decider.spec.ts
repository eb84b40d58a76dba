import { InstitutionListed, RecordEvent } from '../record/record.events';
import { deciderSpec } from '../testing/decider-spec';
import { RECORD_ID, USCC, listedHistory, recordSpec, recorded } from '../testing/record-fixtures';
import { DesignateExemplar } from './exemplar.commands';
import { exemplarDecider, isExemplarActiveOn, jointPunishmentRevocations } from './exemplar.decider';
import { ExemplarEvent } from './exemplar.events';

const recordsOf = (events: RecordEvent[]) => [recordSpec(events).state];
const spec = deciderSpec(exemplarDecider, { subjectKnown: true, records: [] });

const designate = (designatedOn: string, extra: Partial<DesignateExemplar['data']> = {}): DesignateExemplar => ({
  type: 'DesignateExemplar',
  today: designatedOn,
  data: { exemplarId: 'ex-1', subject: { kind: 'INSTITUTION', id: USCC }, title: '诚信之星', basis: '济高信用办〔2020〕2号 二(一)', designatedOn, ...extra },
});
const designated = (designatedOn: string, validUntil?: string): ExemplarEvent => ({
  type: 'ExemplarDesignated',
  data: {
    exemplarId: 'ex-1',
    subject: { kind: 'INSTITUTION', id: USCC },
    title: '诚信之星',
    basis: '济高信用办〔2020〕2号 二(一)',
    designatedOn,
    ...(validUntil !== undefined && { validUntil }),
  },
});

describe('ExemplarDesignated (domain.md §4.7)', () => {
  it('designates a subject with a clean record', () => {
    spec([], { subjectKnown: true, records: recordsOf([recorded()]) }).when(designate('2025-03-01', { validUntil: '2026-02-28' })).then([designated('2025-03-01', '2026-02-28')]);
  });

  it('is refused while an award ban is active on designatedOn (AWARD_BAN_ACTIVE)', () => {
    spec([], { subjectKnown: true, records: recordsOf(listedHistory) }).when(designate('2025-04-01')).thenRefuses('AWARD_BAN_ACTIVE', { banId: `ban-${RECORD_ID}` });
  });

  it('is refused while the subject is listed, even after its ban was lifted early (SUBJECT_LISTED)', () => {
    const lifted: RecordEvent = {
      type: 'AwardBanLiftedEarly',
      data: { banId: `ban-${RECORD_ID}`, recordId: RECORD_ID, on: '2025-06-01', legalBasis: 'b', decisionNo: 'n', reason: 'r' },
    };
    spec([], { subjectKnown: true, records: recordsOf([...listedHistory, lifted]) }).when(designate('2025-06-02')).thenRefuses('SUBJECT_LISTED');
  });

  it('is allowed the day after the ban expired and the listing ended', () => {
    const events = spec([], { subjectKnown: true, records: recordsOf(listedHistory) }).when(designate('2028-04-02')).thenEvents();
    expect(events).toHaveLength(1);
  });

  it('is refused for an unknown subject (SUBJECT_NOT_FOUND)', () => {
    spec([], { subjectKnown: false, records: [] }).when(designate('2025-03-01')).thenRefuses('SUBJECT_NOT_FOUND');
  });

  it('refuses validUntil before designatedOn', () => {
    spec([]).when(designate('2025-03-01', { validUntil: '2025-02-28' })).thenRefuses('VALIDATION_FAILED');
  });
});

describe('ExemplarRevoked and the joint-punishment saga', () => {
  it('a designation is active until revoked or past validUntil', () => {
    const { state } = spec([designated('2025-03-01', '2026-02-28'), { type: 'ExemplarRevoked', data: { exemplarId: 'ex-1', on: '2025-09-01', reason: 'x' } }]);
    expect(isExemplarActiveOn(state, '2025-08-31')).toBe(true);
    expect(isExemplarActiveOn(state, '2025-09-01')).toBe(false);
    expect(isExemplarActiveOn(spec([designated('2025-03-01', '2026-02-28')]).state, '2026-03-01')).toBe(false);
  });

  it('revokes once', () => {
    const revoked: ExemplarEvent = { type: 'ExemplarRevoked', data: { exemplarId: 'ex-1', on: '2025-09-01', reason: 'x' } };
    spec([designated('2025-03-01'), revoked])
      .when({ type: 'RevokeExemplar', today: '2025-09-02', data: { exemplarId: 'ex-1', on: '2025-09-02', reason: 'y' } })
      .thenRefuses('EXEMPLAR_NOT_ACTIVE');
  });

  it('a listing revokes every active red-list designation of the institution (JOINT_PUNISHMENT)', () => {
    const listed = listedHistory.find((e) => e.type === 'InstitutionListed') as InstitutionListed;
    const active = spec([designated('2024-06-01')]).state;
    const expired = spec([{ ...designated('2023-01-01', '2024-01-01'), data: { ...designated('2023-01-01', '2024-01-01').data, exemplarId: 'ex-0' } } as ExemplarEvent]).state;
    const commands = jointPunishmentRevocations(listed.data, [active, expired], '2025-04-01');
    expect(commands).toEqual([
      { type: 'RevokeExemplar', today: '2025-04-01', data: { exemplarId: 'ex-1', on: '2025-04-01', reason: 'JOINT_PUNISHMENT', causedByRecordId: RECORD_ID } },
    ]);
    spec([designated('2024-06-01')]).when(commands[0]).then([
      { type: 'ExemplarRevoked', data: { exemplarId: 'ex-1', on: '2025-04-01', reason: 'JOINT_PUNISHMENT', causedByRecordId: RECORD_ID } },
    ]);
  });
});
