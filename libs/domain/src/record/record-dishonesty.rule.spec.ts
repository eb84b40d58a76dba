import { commitmentDecider } from '../commitment/commitment.decider';
import { MadeCommitment } from '../commitment/commitment.state';
import { evolveInstitution, initialInstitutionState } from '../institution/institution.state';
import { PUBLIC_HOSPITAL } from '../testing/fixtures';
import { USCC, commitmentMade, context, institution, recordInput, recordSpec, recorded } from '../testing/record-fixtures';
import { RecordDishonesty } from './record.commands';
import { recordCommandForBreach } from './record-dishonesty.rule';

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

    const [opened] = recordSpec([]).when(recordCommandForBreach(commitment, breached.data, '2024-07-01')).thenEvents();
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
