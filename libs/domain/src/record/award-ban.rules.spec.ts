import { RECORD_ID, listedHistory, recordSpec, recorded } from '../testing/record-fixtures';
import { LiftAwardBanEarly } from './record.commands';
import { banEnding, banStatusOn } from './record.queries';
import { AwardBan, DishonestyRecord } from './record.state';

const BAN_ID = `ban-${RECORD_ID}`;
const lift = (extra: Partial<LiftAwardBanEarly['data']> = {}, today = '2026-05-01'): LiftAwardBanEarly => ({
  type: 'LiftAwardBanEarly',
  today,
  data: {
    recordId: RECORD_ID,
    banId: BAN_ID,
    on: '2026-05-01',
    legalBasis: '《山东省社会信用条例》第四十条',
    decisionNo: '济高信用办〔2026〕3号',
    reason: '经复核',
    ...extra,
  },
});

describe('award ban status on a date (domain.md §4.4, §4.6)', () => {
  const ban: AwardBan = { banId: BAN_ID, uscc: 'x', startsOn: '2025-04-01', lastDay: '2028-04-01' };

  it('is NOT_STARTED before it starts and ACTIVE from its first day', () => {
    expect(banStatusOn(ban, '2025-03-31')).toBe('NOT_STARTED');
    expect(banStatusOn(ban, '2025-04-01')).toBe('ACTIVE');
  });

  it('is ACTIVE on its last day and EXPIRED the next day', () => {
    expect(banStatusOn(ban, '2028-04-01')).toBe('ACTIVE');
    expect(banStatusOn(ban, '2028-04-02')).toBe('EXPIRED');
  });

  it('is LIFTED_EARLY from the lift date, ACTIVE before it', () => {
    const lifted = { ...ban, liftedEarly: { on: '2026-05-01', legalBasis: 'b', decisionNo: 'n', reason: 'r' } };
    expect(banStatusOn(lifted, '2026-04-30')).toBe('ACTIVE');
    expect(banStatusOn(lifted, '2026-05-01')).toBe('LIFTED_EARLY');
    expect(banEnding(lifted)).toEqual({ endedOn: '2026-05-01', endedBy: { type: 'AwardBanLiftedEarly', legalBasis: 'b', decisionNo: 'n' } });
  });

  it('a ban that runs its course has no early ending', () => {
    expect(banEnding(ban)).toBeUndefined();
  });
});

describe('AwardBanLiftedEarly (domain.md §4.6)', () => {
  it('a credit-office decision naming its legal basis and decision number lifts the ban from `on`', () => {
    const events = recordSpec(listedHistory)
      .when(lift())
      .then([
        {
          type: 'AwardBanLiftedEarly',
          data: {
            banId: BAN_ID,
            recordId: RECORD_ID,
            on: '2026-05-01',
            legalBasis: '《山东省社会信用条例》第四十条',
            decisionNo: '济高信用办〔2026〕3号',
            reason: '经复核',
          },
        },
      ]);
    const { state } = recordSpec([...listedHistory, ...events]);
    expect(banStatusOn((state as DishonestyRecord).ban!, '2026-05-01')).toBe('LIFTED_EARLY');
  });

  it('requires a legal basis', () => {
    recordSpec(listedHistory)
      .when(lift({ legalBasis: ' ' }))
      .thenRefuses('VALIDATION_FAILED');
  });

  it('requires a decision number', () => {
    recordSpec(listedHistory)
      .when(lift({ decisionNo: '' }))
      .thenRefuses('VALIDATION_FAILED');
  });

  it('refuses a ban that does not exist on this record', () => {
    recordSpec([recorded()]).when(lift()).thenRefuses('AWARD_BAN_NOT_FOUND');
    recordSpec(listedHistory)
      .when(lift({ banId: 'ban-other' }))
      .thenRefuses('AWARD_BAN_NOT_FOUND');
  });

  it('refuses a ban that is not active on `on` (already expired, or lifted)', () => {
    // The ban's status is `banStatus`: `status` is the HTTP status in the problem+json body.
    const expired = recordSpec(listedHistory)
      .when(lift({ on: '2028-04-02' }, '2028-05-01'))
      .thenRefuses('AWARD_BAN_NOT_ACTIVE', { banStatus: 'EXPIRED' });
    expect(expired.details).not.toHaveProperty('status');
    const events = recordSpec(listedHistory).when(lift()).thenEvents();
    recordSpec([...listedHistory, ...events])
      .when(lift({ on: '2026-06-01' }, '2026-06-01'))
      .thenRefuses('AWARD_BAN_NOT_ACTIVE');
  });

  it('refuses a second lift, even one dated before the first: the first lift is not back-dated (AWARD_BAN_NOT_ACTIVE)', () => {
    const first = recordSpec(listedHistory).when(lift()).thenEvents();
    const lifted = [...listedHistory, ...first];
    const error = recordSpec(lifted)
      .when(lift({ on: '2026-03-01', decisionNo: '济高信用办〔2026〕4号' }, '2026-06-01'))
      .thenRefuses('AWARD_BAN_NOT_ACTIVE', { banStatus: 'LIFTED_EARLY', liftedOn: '2026-05-01' });
    expect(error.message).toContain('already lifted early on 2026-05-01');
    recordSpec(lifted).when(lift({}, '2026-06-01')).thenRefuses('AWARD_BAN_NOT_ACTIVE', { banStatus: 'LIFTED_EARLY' });
    // The ban still ends where the first decision ended it.
    const { state } = recordSpec(lifted);
    expect(banEnding((state as DishonestyRecord).ban!)).toMatchObject({ endedOn: '2026-05-01' });
  });

  it('refuses a lift dated after today (DATE_IN_FUTURE)', () => {
    recordSpec(listedHistory).when(lift({}, '2026-04-30')).thenRefuses('DATE_IN_FUTURE');
  });
});
