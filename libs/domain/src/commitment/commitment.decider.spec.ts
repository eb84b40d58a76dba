import { initialInstitutionState } from '../institution/institution.state';
import { deciderSpec } from '../testing/decider-spec';
import { commitmentMade, institution } from '../testing/record-fixtures';
import { AmendCommitment, BreachCommitment, FulfilCommitment, MakeCommitment } from './commitment.commands';
import { commitmentDecider } from './commitment.decider';
import { CommitmentEvent } from './commitment.events';
import { commitmentStatusOn, dueOnAsOf } from './commitment.queries';

const spec = deciderSpec(commitmentDecider, { institution });

const makeData = commitmentMade.data;
const make = (extra: Partial<MakeCommitment['data']> = {}, today = '2024-05-06'): MakeCommitment => ({
  type: 'MakeCommitment',
  today,
  data: { ...makeData, ...extra },
});
const made: CommitmentEvent = commitmentMade;
const amend = (extra: Partial<AmendCommitment['data']> = {}): AmendCommitment => ({
  type: 'AmendCommitment',
  today: '2024-05-20',
  data: { commitmentId: 'c-1', on: '2024-05-20', reasonCategory: 'STATUTORY_CHANGE', legalBasis: '《优化营商环境条例》修订', newDueOn: '2024-07-05', ...extra },
});

describe('CommitmentMade (domain.md §4.2)', () => {
  it('is signed by the principal leader in office on madeOn', () => {
    spec([]).when(make()).then([made]);
  });

  it('refuses any other signatory (SIGNATORY_NOT_PRINCIPAL_LEADER)', () => {
    spec([]).when(make({ signedBy: 'p-zhao' })).thenRefuses('SIGNATORY_NOT_PRINCIPAL_LEADER');
  });

  it('refuses a leader who was no longer (or not yet) in office on madeOn', () => {
    // p-li took office 2025-06-01; p-wang served until 2025-05-31.
    spec([]).when(make({ signedBy: 'p-li', madeOn: '2025-05-31', dueOn: '2025-06-30' }, '2025-06-02')).thenRefuses('SIGNATORY_NOT_PRINCIPAL_LEADER');
    spec([]).when(make({ signedBy: 'p-wang', madeOn: '2025-06-01', dueOn: '2025-06-30' }, '2025-06-02')).thenRefuses('SIGNATORY_NOT_PRINCIPAL_LEADER');
  });

  it('refuses dueOn before madeOn, no channels, or an unknown channel (VALIDATION_FAILED)', () => {
    spec([]).when(make({ dueOn: '2024-05-05' })).thenRefuses('VALIDATION_FAILED');
    spec([]).when(make({ channels: [] })).thenRefuses('VALIDATION_FAILED');
    spec([]).when(make({ channels: ['TV' as never] })).thenRefuses('VALIDATION_FAILED');
  });

  it('refuses madeOn after today (DATE_IN_FUTURE)', () => {
    spec([]).when(make({}, '2024-05-05')).thenRefuses('DATE_IN_FUTURE');
  });

  it('refuses an unregistered institution (SUBJECT_NOT_FOUND)', () => {
    spec([], { institution: initialInstitutionState() }).when(make()).thenRefuses('SUBJECT_NOT_FOUND');
  });

  it('refuses an existing commitment id (CONFLICT)', () => {
    spec([made]).when(make()).thenRefuses('CONFLICT');
  });
});

describe('fulfilment, breach, overdue', () => {
  it('an open commitment can be fulfilled', () => {
    spec([made])
      .when({ type: 'FulfilCommitment', today: '2024-06-01', data: { commitmentId: 'c-1', on: '2024-06-01', evidence: '兑现凭证' } })
      .then([{ type: 'CommitmentFulfilled', data: { commitmentId: 'c-1', on: '2024-06-01', evidence: '兑现凭证' } }]);
  });

  it('a breach defaults to GENERAL and names the record it opens', () => {
    spec([made])
      .when({
        type: 'BreachCommitment',
        today: '2024-06-20',
        data: { commitmentId: 'c-1', recordId: 'r-9', on: '2024-06-20', description: '逾期未兑现', documentNo: 'n', authority: 'a' },
      })
      .then([
        {
          type: 'CommitmentBreached',
          data: { commitmentId: 'c-1', recordId: 'r-9', on: '2024-06-20', description: '逾期未兑现', documentNo: 'n', authority: 'a', severity: 'GENERAL' },
        },
      ]);
  });

  it('a fulfilled or breached commitment is closed (COMMITMENT_NOT_OPEN)', () => {
    const fulfilled: CommitmentEvent = { type: 'CommitmentFulfilled', data: { commitmentId: 'c-1', on: '2024-06-01', evidence: 'x' } };
    spec([made, fulfilled]).when(amend()).thenRefuses('COMMITMENT_NOT_OPEN');
  });

  it('refuses a fulfilment or breach dated before an amendment already on record, by the latest amendment’s date (VALIDATION_FAILED on on)', () => {
    // Due 2024-06-05; amended on 08-01 to 12-31, and a back-entered amendment on 07-01 recorded after it.
    const amended: CommitmentEvent[] = [
      made,
      { type: 'CommitmentAmended', data: { commitmentId: 'c-1', on: '2024-08-01', reasonCategory: 'STATUTORY_CHANGE', legalBasis: 'b', newDueOn: '2024-12-31' } },
      { type: 'CommitmentAmended', data: { commitmentId: 'c-1', on: '2024-07-01', reasonCategory: 'STATUTORY_CHANGE', legalBasis: 'b', newContent: 'c' } },
    ];
    const fulfil = (on: string): FulfilCommitment => ({ type: 'FulfilCommitment', today: '2024-09-01', data: { commitmentId: 'c-1', on, evidence: '兑现凭证' } });
    const breach = (on: string): BreachCommitment => ({
      type: 'BreachCommitment',
      today: '2024-09-01',
      data: { commitmentId: 'c-1', recordId: 'r-9', on, description: '未兑现', documentNo: 'n', authority: 'a' },
    });
    const onError = { errors: [{ field: 'on', message: 'must not be before the latest amendment’s on' }] };
    spec(amended).when(fulfil('2024-07-31')).thenRefuses('VALIDATION_FAILED', onError);
    spec(amended).when(breach('2024-07-31')).thenRefuses('VALIDATION_FAILED', onError);
    spec(amended).when(fulfil('2024-08-01')).then([{ type: 'CommitmentFulfilled', data: { commitmentId: 'c-1', on: '2024-08-01', evidence: '兑现凭证' } }]);
    expect(spec(amended).when(breach('2024-08-01')).thenEvents()).toEqual([expect.objectContaining({ type: 'CommitmentBreached' })]);
  });

  it('an unknown commitment is NOT_FOUND', () => {
    spec([]).when(amend()).thenRefuses('NOT_FOUND');
  });

  it('is OVERDUE after dueOn without fulfilment (derived, not an event)', () => {
    const { state } = spec([made]);
    expect(commitmentStatusOn(state, '2024-06-05')).toBe('OPEN');
    expect(commitmentStatusOn(state, '2024-06-06')).toBe('OVERDUE');
  });
});

describe('CommitmentAmended — lawful amendment only (domain.md §4.2)', () => {
  it('accepts a statutory change with its legal basis, and the new due date applies', () => {
    const events = spec([made])
      .when(amend({ compensation: '按同期LPR支付利息' }))
      .then([
        {
          type: 'CommitmentAmended',
          data: {
            commitmentId: 'c-1',
            on: '2024-05-20',
            reasonCategory: 'STATUTORY_CHANGE',
            legalBasis: '《优化营商环境条例》修订',
            newDueOn: '2024-07-05',
            compensation: '按同期LPR支付利息',
          },
        },
      ]);
    const { state } = spec([made, ...events]);
    expect(commitmentStatusOn(state, '2024-06-06')).toBe('AMENDED');
  });

  it('a later extension does not undo the days it was overdue: the old due date holds before the amendment (valid time)', () => {
    // Due 2024-06-05, overdue from 06-06; extended on 07-01 to the end of the year.
    const extension = amend({ on: '2024-07-01', newDueOn: '2024-12-31' });
    const events = spec([made]).when({ ...extension, today: '2024-07-01' }).thenEvents();
    const { state } = spec([made, ...events]);
    if (state.status !== 'MADE') throw new Error('expected a commitment');
    expect(state.dueOn).toBe('2024-12-31');
    expect(state.amendments).toEqual([expect.objectContaining({ on: '2024-07-01', newDueOn: '2024-12-31', previousDueOn: '2024-06-05' })]);
    expect(['2024-06-05', '2024-06-06', '2024-06-30', '2024-07-01', '2024-12-31', '2025-01-01'].map((d) => [d, dueOnAsOf(state, d), commitmentStatusOn(state, d)])).toEqual([
      ['2024-06-05', '2024-06-05', 'OPEN'],
      ['2024-06-06', '2024-06-05', 'OVERDUE'],
      ['2024-06-30', '2024-06-05', 'OVERDUE'],
      ['2024-07-01', '2024-12-31', 'AMENDED'],
      ['2024-12-31', '2024-12-31', 'AMENDED'],
      ['2025-01-01', '2024-12-31', 'OVERDUE'],
    ]);
    // A second amendment moves it again from its own date; the first one's days keep the first one's date.
    const again = amend({ on: '2024-09-01', newDueOn: '2025-03-31' });
    const second = spec([made, ...events]).when({ ...again, today: '2024-09-01' }).thenEvents();
    const twice = spec([made, ...events, ...second]).state;
    if (twice.status !== 'MADE') throw new Error('expected a commitment');
    expect(['2024-06-10', '2024-08-01', '2024-09-01', '2025-01-01', '2025-04-01'].map((d) => [d, dueOnAsOf(twice, d), commitmentStatusOn(twice, d)])).toEqual([
      ['2024-06-10', '2024-06-05', 'OVERDUE'],
      ['2024-08-01', '2024-12-31', 'AMENDED'],
      ['2024-09-01', '2025-03-31', 'AMENDED'],
      ['2025-01-01', '2025-03-31', 'AMENDED'],
      ['2025-04-01', '2025-03-31', 'OVERDUE'],
    ]);
  });

  it('amendments count by their date, not by the order they were recorded in (one back-entered)', () => {
    // Due 2024-06-05. Recorded first: on 09-01 to 12-31. Recorded second, back-dated: on 07-01 to 2025-03-31.
    const first = spec([made]).when({ ...amend({ on: '2024-09-01', newDueOn: '2024-12-31' }), today: '2024-09-10' }).thenEvents();
    const second = spec([made, ...first]).when({ ...amend({ on: '2024-07-01', newDueOn: '2025-03-31' }), today: '2024-09-10' }).thenEvents();
    const state = spec([made, ...first, ...second]).state;
    if (state.status !== 'MADE') throw new Error('expected a commitment');
    // Now: the latest by date (09-01) holds.
    expect(state.dueOn).toBe('2024-12-31');
    expect(['2024-06-20', '2024-07-01', '2024-08-01', '2024-09-01', '2025-01-01'].map((d) => [d, dueOnAsOf(state, d), commitmentStatusOn(state, d)])).toEqual([
      ['2024-06-20', '2024-06-05', 'OVERDUE'],
      ['2024-07-01', '2025-03-31', 'AMENDED'],
      ['2024-08-01', '2025-03-31', 'AMENDED'],
      ['2024-09-01', '2024-12-31', 'AMENDED'],
      ['2025-01-01', '2024-12-31', 'OVERDUE'],
    ]);
  });

  it('an amendment that changes only the content keeps the due date on every day', () => {
    const events = spec([made]).when(amend({ newDueOn: undefined, newContent: '30日内兑现，逾期按日计息' })).thenEvents();
    const { state } = spec([made, ...events]);
    if (state.status !== 'MADE') throw new Error('expected a commitment');
    expect(state.amendments[0]).not.toHaveProperty('previousDueOn');
    expect(commitmentStatusOn(state, '2024-06-06')).toBe('OVERDUE');
  });

  it('refuses a new due date before the amendment’s own date (VALIDATION_FAILED on newDueOn)', () => {
    spec([made])
      .when(amend({ newDueOn: '2024-05-19' }))
      .thenRefuses('VALIDATION_FAILED', { errors: [{ field: 'newDueOn', message: 'must not be before on' }] });
    expect(spec([made]).when(amend({ newDueOn: '2024-05-20' })).thenEvents()).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ on: '2024-05-20', newDueOn: '2024-05-20' }) }),
    ]);
  });

  it('refuses an amendment that changes nothing: a new due date or new content is required, compensation alone is not a change (VALIDATION_FAILED)', () => {
    const nothing = {
      errors: [
        { field: 'newDueOn', message: 'or newContent must be given: an amendment changes the due date, the content or both' },
        { field: 'newContent', message: 'or newDueOn must be given: an amendment changes the due date, the content or both' },
      ],
    };
    spec([made]).when(amend({ newDueOn: undefined })).thenRefuses('VALIDATION_FAILED', nothing);
    spec([made]).when(amend({ newDueOn: undefined, compensation: '按同期LPR支付利息' })).thenRefuses('VALIDATION_FAILED', nothing);
    // An unlawful reason is refused as such first, whatever the amendment would change.
    spec([made]).when(amend({ newDueOn: undefined, reasonCategory: 'LEADERSHIP_CHANGE' })).thenRefuses('LEADERSHIP_CHANGE_IS_NOT_A_LAWFUL_REASON');
    expect(spec([made]).when(amend({ newDueOn: undefined, newContent: '60日内兑现' })).thenEvents()).toHaveLength(1);
    expect(spec([made]).when(amend()).thenEvents()).toHaveLength(1);
  });

  it.each(['LEADERSHIP_CHANGE', 'GOVERNMENT_TERM_CHANGE'] as const)('refuses %s (新官不理旧账)', (reasonCategory) => {
    spec([made]).when(amend({ reasonCategory })).thenRefuses('LEADERSHIP_CHANGE_IS_NOT_A_LAWFUL_REASON');
  });

  it.each(['NATIONAL_INTEREST', 'PUBLIC_INTEREST'] as const)('accepts %s', (reasonCategory) => {
    expect(spec([made]).when(amend({ reasonCategory })).thenEvents()).toHaveLength(1);
  });

  it('requires a non-empty legal basis', () => {
    spec([made]).when(amend({ legalBasis: '' })).thenRefuses('VALIDATION_FAILED');
  });
});
