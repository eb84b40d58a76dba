import { InstitutionEvent } from '../institution/institution.events';
import { PUBLIC_HOSPITAL } from '../testing/fixtures';
import { evolveInstitution, initialInstitutionState } from '../institution/institution.state';
import {
  RECORD_ID,
  USCC,
  context,
  findingOn,
  lapsedOn20250401,
  listedHistory,
  ordered,
  recordSpec,
  recorded,
  reported,
  reviewed,
} from '../testing/record-fixtures';
import { LapseRectificationDeadline } from './record.commands';
import { RecordEvent } from './record.events';
import { lapseDueOn, orderStatus, overdueOrders } from './record.queries';
import { DishonestyRecord, evolveRecord, initialRecordState } from './record.state';
import { withDueLapse } from './rectification-lapse.rule';

const lapse = (today: string): LapseRectificationDeadline => ({ type: 'LapseRectificationDeadline', today, data: { recordId: RECORD_ID } });
const open = [recorded(), ordered('2025-01-15', '2025-03-31')];

describe('RectificationDeadlineLapsed (domain.md §4.4)', () => {
  it('after the deadline day: lapse, listing, three-year ban and accountability of the leader on the deadline, in one decision', () => {
    recordSpec(open).when(lapse('2025-04-01')).then(lapsedOn20250401);
  });

  it('is not due on the deadline day itself', () => {
    recordSpec(open).when(lapse('2025-03-31')).thenRefuses('RECTIFICATION_LAPSE_NOT_DUE');
  });

  it('is effective deadline + 1 however late the system notices it (after downtime)', () => {
    recordSpec(open).when(lapse('2025-09-30')).then(lapsedOn20250401);
  });

  it('happens exactly once', () => {
    recordSpec(listedHistory).when(lapse('2025-04-02')).thenRefuses('RECTIFICATION_LAPSE_NOT_DUE');
  });

  it('an on-time report accepted means no lapse', () => {
    recordSpec([...open, reported('rep-1', '2025-03-28'), reviewed('rep-1', '2025-03-30', true)])
      .when(lapse('2025-04-01'))
      .thenRefuses('RECTIFICATION_LAPSE_NOT_DUE');
  });

  it('an on-time report still awaiting review blocks the lapse', () => {
    recordSpec([...open, reported('rep-1', '2025-03-31')]).when(lapse('2025-04-05')).thenRefuses('RECTIFICATION_LAPSE_NOT_DUE');
  });

  it('an on-time report rejected after the deadline lapses the order as of the deadline', () => {
    recordSpec([...open, reported('rep-1', '2025-03-31'), reviewed('rep-1', '2025-04-10', false)])
      .when(lapse('2025-04-10'))
      .then(lapsedOn20250401);
  });

  it('a report filed after the deadline does not stop the lapse, even if accepted before it is noticed', () => {
    recordSpec([...open, reported('rep-1', '2025-04-02'), reviewed('rep-1', '2025-04-03', true)])
      .when(lapse('2025-04-04'))
      .then(lapsedOn20250401);
  });

  it('holds the leader in office on the deadline day accountable, not today’s leader', () => {
    // p-li took office 2025-06-01; the deadline of 2025-07-31 falls in p-li's term.
    const [, , , required] = recordSpec([recorded(), ordered('2025-06-10', '2025-07-31')]).when(lapse('2025-08-01')).thenEvents();
    expect(required).toMatchObject({ type: 'AccountabilityRequired', data: { personId: 'p-li', role: 'LEADER_AT_DEADLINE' } });
  });

  it('with no leader on record for the deadline day, the obligation is still opened without a person', () => {
    const noLeaders: InstitutionEvent[] = [
      { type: 'InstitutionRegistered', data: { uscc: USCC, name: '济南高新区管委会', kind: 'GOVERNMENT_ORGAN', regionCode: '370100' } },
    ];
    const institution = noLeaders.reduce(evolveInstitution, initialInstitutionState());
    const events = recordSpec(open, { ...context, institution }).when(lapse('2025-04-01')).thenEvents();
    expect(events[3]).toMatchObject({ type: 'AccountabilityRequired', data: { personId: null, name: null } });
  });

  it('refuses, as a wiring bug, a leader taken from another institution’s stream', () => {
    const other = evolveInstitution(initialInstitutionState(), {
      type: 'InstitutionRegistered',
      data: { uscc: PUBLIC_HOSPITAL, name: '医院', kind: 'PUBLIC_INSTITUTION', regionCode: '370100' },
    });
    expect(() => recordSpec(open, { ...context, institution: other }).when(lapse('2025-04-01')).thenEvents()).toThrow(/does not match/);
  });

  it('the award ban is three Civil-Code years from listing: 2024-02-29 listing ends 2027-02-28', () => {
    const events = recordSpec([recorded({ occurredOn: '2024-01-01', finding: findingOn('2024-01-10') }), ordered('2024-01-15', '2024-02-28')])
      .when(lapse('2024-03-01'))
      .thenEvents();
    expect(events[2]).toMatchObject({ type: 'AwardBanImposed', data: { startsOn: '2024-02-29', lastDay: '2027-02-28' } });
  });

  it('the listing period comes from the record’s policy version (NDRC-2025-36: minimum 1 year)', () => {
    const events = recordSpec([
      recorded({ policyVersion: 'NDRC-2025-36', occurredOn: '2026-04-01', finding: findingOn('2026-04-01') }),
      ordered('2026-04-02', '2026-05-31'),
    ])
      .when(lapse('2026-06-01'))
      .thenEvents();
    expect(events[1]).toMatchObject({
      type: 'InstitutionListed',
      data: { listedOn: '2026-06-01', policyVersion: 'NDRC-2025-36', minimumLastDay: '2027-06-01', publicationLastDay: '2029-06-01' },
    });
  });

  it('a late rectification after the lapse is accepted but does not undo listing or ban', () => {
    const { state } = recordSpec([...listedHistory, reported('rep-1', '2025-05-01'), reviewed('rep-1', '2025-05-03', true)]);
    const record = state as DishonestyRecord;
    expect(orderStatus(record.orders[0])).toBe('RECTIFIED_LATE');
    expect(record.listing?.delisted).toBeUndefined();
    expect(record.ban?.voided).toBeUndefined();
  });

  it('a record that already lapsed takes no second order (one listing and ban per record)', () => {
    recordSpec([...listedHistory, reported('rep-1', '2025-05-01'), reviewed('rep-1', '2025-05-03', true)])
      .when({ type: 'OrderRectification', today: '2025-05-10', data: { recordId: RECORD_ID, orderedOn: '2025-05-10', deadline: '2025-06-10', requirements: 'x' } })
      .thenRefuses('RECTIFICATION_ALREADY_LAPSED');
  });
});

describe('one lapse per record, even when a late rectification came before the lapse was noticed', () => {
  // Deadline 2025-03-31 passed; a late report accepted on 04-03; the watcher has not noticed yet.
  const rectifiedLate = [...open, reported('rep-1', '2025-04-02'), reviewed('rep-1', '2025-04-03', true)];
  const secondOrder = { type: 'OrderRectification' as const, today: '2025-04-05', data: { recordId: RECORD_ID, orderedOn: '2025-04-05', deadline: '2025-05-05', requirements: 'x' } };

  it('takes no second order while the first one’s lapse is due', () => {
    recordSpec(rectifiedLate).when(secondOrder).thenRefuses('RECTIFICATION_ALREADY_LAPSED');
  });

  it('a second order already in the log (written before this rule) never lapses a second time', () => {
    const both = [...rectifiedLate, ordered('2025-04-05', '2025-05-05', 'order-2')];
    const first = recordSpec(both).when(lapse('2025-05-10')).thenEvents();
    expect(first.find((e) => e.type === 'InstitutionListed')).toMatchObject({ data: { listedOn: '2025-04-01' } });
    recordSpec([...both, ...first]).when(lapse('2025-05-10')).thenRefuses('RECTIFICATION_LAPSE_NOT_DUE');
    expect(lapseDueOn(recordSpec([...both, ...first]).state, '2025-05-10')).toBeUndefined();
  });
});

describe('lapse due on a date (deadline watcher)', () => {
  it('lists the open orders whose deadline day has ended', () => {
    const { state: due } = recordSpec(open);
    const { state: pending } = recordSpec([...open, reported('rep-1', '2025-03-30')]);
    const { state: done } = recordSpec(listedHistory);
    expect(overdueOrders([due, pending, done], '2025-04-01')).toEqual([
      { recordId: RECORD_ID, orderId: 'order-1', deadline: '2025-03-31', effectiveOn: '2025-04-01' },
    ]);
    expect(lapseDueOn(due, '2025-03-31')).toBeUndefined();
  });
});

describe('the leader on the deadline day, as the institution’s record says now (back-entered appointments)', () => {
  const reassign = (today: string) => ({ type: 'ReassignAccountability' as const, today, data: { recordId: RECORD_ID } });
  // p-zhou back-entered as leader from 2025-03-01: in office on the deadline (2025-03-31), not p-wang.
  const corrected = evolveInstitution(context.institution, {
    type: 'PrincipalLeaderAppointed',
    data: { uscc: USCC, personId: 'p-zhou', name: '周某', title: '主任', effectiveOn: '2025-03-01' },
  });

  it('moves the open obligation to that leader: the old one cancelled, a new one required with the same requiredOn', () => {
    expect(listedHistory.find((e) => e.type === 'AccountabilityRequired')).toMatchObject({ data: { personId: 'p-wang' } });
    recordSpec(listedHistory, { ...context, institution: corrected })
      .when(reassign('2025-06-01'))
      .then([
        { type: 'AccountabilityObligationCancelled', data: { recordId: RECORD_ID, obligationId: 'obligation-1', cancelledOn: '2025-06-01', reason: 'LEADER_CORRECTED' } },
        {
          type: 'AccountabilityRequired',
          data: { recordId: RECORD_ID, obligationId: 'obligation-2', personId: 'p-zhou', name: '周某', role: 'LEADER_AT_DEADLINE', uscc: USCC, requiredOn: '2025-04-01' },
        },
      ]);
  });

  it('requires nothing of that leader when a decision for them came first (taken before the obligation was moved): the old one is only cancelled', () => {
    const decidedFirst: RecordEvent = {
      type: 'AccountabilityDecided',
      data: { recordId: RECORD_ID, personId: 'p-zhou', measure: 'ADMONISHMENT', decidedOn: '2025-05-01', documentNo: '纪〔2025〕2号', authority: '纪工委' },
    };
    const { state: afterDecision } = recordSpec([...listedHistory, decidedFirst]);
    expect(afterDecision.status !== 'NONE' && afterDecision.accountabilityDecisions).toEqual([expect.not.objectContaining({ obligationId: expect.anything() })]);
    recordSpec([...listedHistory, decidedFirst], { ...context, institution: corrected })
      .when(reassign('2025-06-01'))
      .then([{ type: 'AccountabilityObligationCancelled', data: { recordId: RECORD_ID, obligationId: 'obligation-1', cancelledOn: '2025-06-01', reason: 'LEADER_CORRECTED' } }]);
    // A decision about the finding only, before the lapse, does not answer for the lapse.
    const beforeLapse = { ...decidedFirst, data: { ...decidedFirst.data, decidedOn: '2025-03-01' } } as RecordEvent;
    const events = recordSpec([...listedHistory, beforeLapse], { ...context, institution: corrected }).when(reassign('2025-06-01')).thenEvents();
    expect(events.map((e) => e.type)).toEqual(['AccountabilityObligationCancelled', 'AccountabilityRequired']);
  });

  it('changes nothing without the record’s own institution (not loaded, or another one)', () => {
    expect(recordSpec(listedHistory, { ...context, institution: initialInstitutionState() }).when(reassign('2025-06-01')).thenEvents()).toEqual([]);
    const other = evolveInstitution(initialInstitutionState(), {
      type: 'InstitutionRegistered',
      data: { uscc: PUBLIC_HOSPITAL, name: '某医院', kind: 'PUBLIC_INSTITUTION', regionCode: '370100' },
    });
    expect(recordSpec(listedHistory, { ...context, institution: other }).when(reassign('2025-06-01')).thenEvents()).toEqual([]);
  });

  it('does nothing when the obligation already names that leader, or was decided', () => {
    expect(recordSpec(listedHistory).when(reassign('2025-06-01')).thenEvents()).toEqual([]);
    const decided: RecordEvent = {
      type: 'AccountabilityDecided',
      data: { recordId: RECORD_ID, obligationId: 'obligation-1', personId: 'p-wang', measure: 'ADMONISHMENT', decidedOn: '2025-05-01', documentNo: '纪〔2025〕1号', authority: '纪工委' },
    };
    expect(recordSpec([...listedHistory, decided], { ...context, institution: corrected }).when(reassign('2025-06-01')).thenEvents()).toEqual([]);
  });
});

describe('withDueLapse: the record as it stands once a due lapse is noticed (for decisions that read listings and bans)', () => {
  const fold = (events: RecordEvent[]) => events.reduce(evolveRecord, initialRecordState());

  it('folds in the lapse the watcher would write, effective deadline + 1, without writing it', () => {
    const noticed = withDueLapse(fold(open), '2025-04-02', context) as DishonestyRecord;
    expect(noticed).toEqual(fold([...open, ...lapsedOn20250401]));
    expect(noticed.listing).toMatchObject({ listedOn: '2025-04-01' });
    expect(noticed.ban).toMatchObject({ banId: `ban-${RECORD_ID}`, startsOn: '2025-04-01' });
  });

  it('is the record itself when no lapse is due: before the deadline day ended, already lapsed, or an on-time report awaiting review', () => {
    for (const [events, today] of [
      [open, '2025-03-31'],
      [listedHistory, '2025-06-01'],
      [[...open, reported('rep-1', '2025-03-31')], '2025-04-05'],
    ] as Array<[RecordEvent[], string]>) {
      const state = fold(events);
      expect(withDueLapse(state, today, context)).toBe(state);
    }
  });
});
