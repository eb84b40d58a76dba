import { commitmentDecider } from '../commitment/commitment.decider';
import { CommitmentEvent } from '../commitment/commitment.events';
import { CommitmentState, MadeCommitment } from '../commitment/commitment.state';
import { evolveInstitution, initialInstitutionState } from '../institution/institution.state';
import { PUBLIC_HOSPITAL, TOWNSHIP_OFFICE } from '../testing/fixtures';
import { USCC, commitmentMade, context, institution, recordInput, recordSpec, recorded } from '../testing/record-fixtures';
import { RecordDishonesty } from './record.commands';
import { recordCommandForBreach } from './record-dishonesty.rule';
import { addDays } from '../values/business-date';

const command = (overrides: Partial<RecordDishonesty['data']> = {}, today = '2025-02-01'): RecordDishonesty => ({
  type: 'RecordDishonesty',
  today,
  data: { ...recordInput, ...overrides },
});

describe('DishonestyRecorded (domain.md §4.3)', () => {
  it('records the finding and fixes the policy version in force on findingOn', () => {
    recordSpec([]).when(command()).then([recorded()]);
  });

  describe('policy boundary', () => {
    it('a finding on 2026-03-31 is judged under NDRC-2019-527', () => {
      const [event] = recordSpec([]).when(command({ finding: { ...command().data.finding, findingOn: '2026-03-31' } }, '2026-04-02')).thenEvents();
      expect(event.type === 'DishonestyRecorded' && event.data.policyVersion).toBe('NDRC-2019-527');
    });

    it('a finding on 2026-04-01 is judged under NDRC-2025-36', () => {
      const [event] = recordSpec([]).when(command({ finding: { ...command().data.finding, findingOn: '2026-04-01' } }, '2026-04-02')).thenEvents();
      expect(event.type === 'DishonestyRecorded' && event.data.policyVersion).toBe('NDRC-2025-36');
    });

    it('the deployment profile chooses the table: jinan-hitech uses JNGX-2020-2', () => {
      const [event] = recordSpec([], { ...context, policyProfile: 'jinan-hitech' }).when(command()).thenEvents();
      expect(event.type === 'DishonestyRecorded' && event.data).toMatchObject({ policyProfile: 'jinan-hitech', policyVersion: 'JNGX-2020-2' });
    });
  });

  it('records against an official registered at the institution', () => {
    const subject = { kind: 'OFFICIAL' as const, id: 'p-zhao', institutionUscc: USCC };
    recordSpec([]).when(command({ subject })).then([recorded({ subject })]);
  });

  it('refuses an institution that is not registered (SUBJECT_NOT_FOUND)', () => {
    recordSpec([], { ...context, institution: initialInstitutionState() }).when(command()).thenRefuses('SUBJECT_NOT_FOUND');
    const other = evolveInstitution(initialInstitutionState(), {
      type: 'InstitutionRegistered',
      data: { uscc: PUBLIC_HOSPITAL, name: '医院', kind: 'PUBLIC_INSTITUTION', regionCode: '370100' },
    });
    recordSpec([], { ...context, institution: other }).when(command()).thenRefuses('SUBJECT_NOT_FOUND');
  });

  it('refuses an official unknown at that institution (SUBJECT_NOT_FOUND)', () => {
    recordSpec([])
      .when(command({ subject: { kind: 'OFFICIAL', id: 'p-nobody', institutionUscc: USCC } }))
      .thenRefuses('SUBJECT_NOT_FOUND');
  });

  it('refuses a finding dated after today (DATE_IN_FUTURE)', () => {
    recordSpec([]).when(command({}, '2025-01-09')).thenRefuses('DATE_IN_FUTURE');
  });

  it('refuses findingOn before occurredOn (VALIDATION_FAILED)', () => {
    const error = recordSpec([])
      .when(command({ occurredOn: '2025-01-11' }))
      .thenRefuses('VALIDATION_FAILED');
    expect(error.details.errors).toEqual([{ field: 'finding.findingOn', message: 'must not be before occurredOn' }]);
  });

  it('refuses an impossible date such as 2025-02-30 (VALIDATION_FAILED)', () => {
    recordSpec([]).when(command({ occurredOn: '2025-02-30' })).thenRefuses('VALIDATION_FAILED');
  });

  it('refuses an invalid USCC for the subject (INVALID_USCC)', () => {
    recordSpec([]).when(command({ subject: { kind: 'INSTITUTION', id: '91350100M000100Y44' } })).thenRefuses('INVALID_USCC');
  });

  it('refuses a second record with the same id (CONFLICT)', () => {
    recordSpec([recorded()]).when(command()).thenRefuses('CONFLICT');
  });
});

describe('a commitment breach opens a record (domain.md §4.2)', () => {
  const made = commitmentMade;

  it('breach → CommitmentBreached, then a COMMITMENT_UNFULFILLED record with finding COMMITMENT_BREACH, GENERAL', () => {
    const commitment = commitmentDecider.evolve(commitmentDecider.initialState(), made) as MadeCommitment;
    const [breached] = commitmentDecider.decide(
      {
        type: 'BreachCommitment',
        today: '2024-07-01',
        data: { commitmentId: 'c-1', recordId: 'r-breach-1', on: '2024-06-20', description: '逾期未兑现', documentNo: '济高信用办〔2024〕9号', authority: '济南高新区信用办' },
      },
      commitment,
      { institution },
    );
    expect(breached.type).toBe('CommitmentBreached');
    if (breached.type !== 'CommitmentBreached') return;

    // The application passes the commitment as of its breach.
    const asBreached = commitmentDecider.evolve(commitment, breached);
    const [opened] = recordSpec([], { ...context, commitment: asBreached }).when(recordCommandForBreach(commitment, breached.data, '2024-07-01')).thenEvents();
    expect(opened).toStrictEqual({
      type: 'DishonestyRecorded',
      data: {
        recordId: 'r-breach-1',
        subject: { kind: 'INSTITUTION', id: USCC },
        category: 'COMMITMENT_UNFULFILLED',
        severity: 'GENERAL',
        domain: 'INVESTMENT_ATTRACTION',
        occurredOn: '2024-06-20',
        description: '逾期未兑现',
        commitmentId: 'c-1',
        finding: { type: 'COMMITMENT_BREACH', documentNo: '济高信用办〔2024〕9号', authority: '济南高新区信用办', findingOn: '2024-06-20' },
        policyProfile: 'national',
        policyVersion: 'NDRC-2019-527',
      },
    });
  });

  it('keeps the severity the breach names', () => {
    const commitment = commitmentDecider.evolve(commitmentDecider.initialState(), made) as MadeCommitment;
    const command = recordCommandForBreach(
      commitment,
      { commitmentId: 'c-1', recordId: 'r-2', on: '2024-06-20', description: 'x', documentNo: 'n', authority: 'a', severity: 'SERIOUS' },
      '2024-07-01',
    );
    expect(command.data.severity).toBe('SERIOUS');
  });
});

describe('a record naming a commitment (domain.md §4.2, §4.3)', () => {
  /** The commitment's state, as the application loads it from `commitment-{commitmentId}`. */
  const commitmentAfter = (...events: CommitmentEvent[]): CommitmentState =>
    [commitmentMade, ...events].reduce(commitmentDecider.evolve, commitmentDecider.initialState());
  const open = commitmentAfter();
  const breached = commitmentAfter({
    type: 'CommitmentBreached',
    data: { commitmentId: 'c-1', recordId: 'r-breach-1', on: '2024-06-20', description: '逾期未兑现', documentNo: 'n', authority: 'a', severity: 'GENERAL' },
  });
  const fulfilled = commitmentAfter({ type: 'CommitmentFulfilled', data: { commitmentId: 'c-1', on: '2024-06-01', evidence: '兑现凭证' } });
  const ofAnother = commitmentDecider.evolve(commitmentDecider.initialState(), { type: 'CommitmentMade', data: { ...commitmentMade.data, institutionUscc: TOWNSHIP_OFFICE } });
  const withCommitment = (commitment: CommitmentState | undefined) => ({ ...context, commitment });
  const official = { kind: 'OFFICIAL' as const, id: 'p-zhao', institutionUscc: USCC };

  it('links a breached commitment of the institution, or of the institution where the official serves', () => {
    recordSpec([], withCommitment(breached)).when(command({ commitmentId: 'c-1' })).then([recorded({ commitmentId: 'c-1' })]);
    recordSpec([], withCommitment(breached))
      .when(command({ commitmentId: 'c-1', subject: official }))
      .then([recorded({ commitmentId: 'c-1', subject: official })]);
  });

  it('links a commitment still open (overdue, or amended): the failing may be found before a breach is recorded', () => {
    recordSpec([], withCommitment(open)).when(command({ commitmentId: 'c-1' })).then([recorded({ commitmentId: 'c-1' })]);
    const amended = commitmentAfter({
      type: 'CommitmentAmended',
      data: { commitmentId: 'c-1', on: '2024-06-01', reasonCategory: 'STATUTORY_CHANGE', legalBasis: '条例修订', newDueOn: '2024-09-30' },
    });
    recordSpec([], withCommitment(amended)).when(command({ commitmentId: 'c-1' })).thenEvents();
  });

  it('refuses a commitment that does not exist (COMMITMENT_NOT_FOUND, 404), naming it', () => {
    recordSpec([]).when(command({ commitmentId: 'c-1' })).thenRefuses('COMMITMENT_NOT_FOUND', { commitmentId: 'c-1' });
    recordSpec([], withCommitment(commitmentDecider.initialState()))
      .when(command({ commitmentId: 'c-1' }))
      .thenRefuses('COMMITMENT_NOT_FOUND', { commitmentId: 'c-1' });
    // The state given is another commitment's.
    recordSpec([], withCommitment(breached)).when(command({ commitmentId: 'c-2' })).thenRefuses('COMMITMENT_NOT_FOUND', { commitmentId: 'c-2' });
  });

  it('refuses a commitment of another institution (COMMITMENT_OF_ANOTHER_INSTITUTION, 422), for an institution or an official', () => {
    recordSpec([], withCommitment(ofAnother)).when(command({ commitmentId: 'c-1' })).thenRefuses('COMMITMENT_OF_ANOTHER_INSTITUTION', { commitmentId: 'c-1' });
    recordSpec([], withCommitment(ofAnother))
      .when(command({ commitmentId: 'c-1', subject: official }))
      .thenRefuses('COMMITMENT_OF_ANOTHER_INSTITUTION', { commitmentId: 'c-1' });
  });

  it('refuses a commitment that was fulfilled by its due date (COMMITMENT_FULFILLED, 422): it was kept', () => {
    recordSpec([], withCommitment(fulfilled))
      .when(command({ commitmentId: 'c-1' }))
      .thenRefuses('COMMITMENT_FULFILLED', { commitmentId: 'c-1', fulfilledOn: '2024-06-01' });
  });

  it('links a commitment fulfilled only after its due date: it was not kept as promised', () => {
    const late = commitmentAfter({ type: 'CommitmentFulfilled', data: { commitmentId: 'c-1', on: addDays(commitmentMade.data.dueOn, 1), evidence: '逾期兑现凭证' } });
    recordSpec([], withCommitment(late)).when(command({ commitmentId: 'c-1' })).then([recorded({ commitmentId: 'c-1' })]);
  });

  it('refuses a failing dated before the commitment was made (VALIDATION_FAILED on occurredOn)', () => {
    recordSpec([], withCommitment(open))
      .when(command({ commitmentId: 'c-1', occurredOn: '2024-05-05' }))
      .thenRefuses('VALIDATION_FAILED', { errors: [{ field: 'occurredOn', message: 'must not be before the commitment’s madeOn' }] });
    recordSpec([], withCommitment(open)).when(command({ commitmentId: 'c-1', occurredOn: '2024-05-06' })).thenEvents();
  });

  it('checks the subject first: an unregistered institution is SUBJECT_NOT_FOUND whatever the commitment', () => {
    recordSpec([], { ...context, institution: initialInstitutionState() }).when(command({ commitmentId: 'c-1' })).thenRefuses('SUBJECT_NOT_FOUND');
  });
});
