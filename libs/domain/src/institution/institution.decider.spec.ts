import { deciderSpec } from '../testing/decider-spec';
import { HITECH_ADMIN_COMMITTEE, PUBLIC_HOSPITAL, TOWNSHIP_OFFICE } from '../testing/fixtures';
import { InstitutionEvent } from './institution.events';
import { initialInstitutionState, institutionDecider } from './institution.decider';
import { principalLeaderOn } from './institution.queries';

const spec = deciderSpec(institutionDecider, {});
const registered: InstitutionEvent = {
  type: 'InstitutionRegistered',
  data: { uscc: HITECH_ADMIN_COMMITTEE, name: '济南高新区管委会', kind: 'GOVERNMENT_ORGAN', regionCode: '370100' },
};
const appointed = (personId: string, name: string, effectiveOn: string): InstitutionEvent => ({
  type: 'PrincipalLeaderAppointed',
  data: { uscc: HITECH_ADMIN_COMMITTEE, personId, name, title: '主任', effectiveOn },
});

/** The parent's state, as the application loads it from `institution-{parentUscc}`. */
const registeredParent = spec([registered]).state;
const hospital = (parentUscc: string) => ({
  type: 'RegisterInstitution' as const,
  data: { uscc: PUBLIC_HOSPITAL, name: '高新区人民医院', kind: 'PUBLIC_INSTITUTION' as const, regionCode: '370100', parentUscc },
});

describe('institution decider', () => {
  describe('RegisterInstitution', () => {
    it('registers an institution with its USCC, kind, region and parent', () => {
      spec([], { parent: registeredParent })
        .when({
          type: 'RegisterInstitution',
          data: {
            uscc: PUBLIC_HOSPITAL,
            name: '高新区人民医院',
            kind: 'PUBLIC_INSTITUTION',
            regionCode: '370100',
            parentUscc: HITECH_ADMIN_COMMITTEE,
          },
        })
        .then([
          {
            type: 'InstitutionRegistered',
            data: {
              uscc: PUBLIC_HOSPITAL,
              name: '高新区人民医院',
              kind: 'PUBLIC_INSTITUTION',
              regionCode: '370100',
              parentUscc: HITECH_ADMIN_COMMITTEE,
            },
          },
        ]);
    });

    it('refuses a parent that is not registered (SUBJECT_NOT_FOUND), naming it', () => {
      spec([])
        .when(hospital(HITECH_ADMIN_COMMITTEE))
        .thenRefuses('SUBJECT_NOT_FOUND', { parentUscc: HITECH_ADMIN_COMMITTEE });
      spec([], { parent: initialInstitutionState() })
        .when(hospital(HITECH_ADMIN_COMMITTEE))
        .thenRefuses('SUBJECT_NOT_FOUND', { parentUscc: HITECH_ADMIN_COMMITTEE });
    });

    it('refuses when the state given as parent is another institution (SUBJECT_NOT_FOUND)', () => {
      spec([], { parent: registeredParent })
        .when(hospital(TOWNSHIP_OFFICE))
        .thenRefuses('SUBJECT_NOT_FOUND', { parentUscc: TOWNSHIP_OFFICE });
    });

    it('refuses a code whose check character is wrong (INVALID_USCC)', () => {
      const wrong = HITECH_ADMIN_COMMITTEE.slice(0, 17) + (HITECH_ADMIN_COMMITTEE[17] === '0' ? '1' : '0');
      spec([])
        .when({ type: 'RegisterInstitution', data: { ...registered.data, uscc: wrong } as never })
        .thenRefuses('INVALID_USCC');
    });

    it('refuses an unknown kind or a region code that is not 6 digits (VALIDATION_FAILED)', () => {
      const error = spec([])
        .when({
          type: 'RegisterInstitution',
          data: { uscc: PUBLIC_HOSPITAL, name: 'x', kind: 'CHURCH' as never, regionCode: '3701' },
        })
        .thenRefuses('VALIDATION_FAILED');
      expect(error.details.errors?.map((e) => e.field)).toEqual(['kind', 'regionCode']);
    });

    it('refuses a second registration (CONFLICT)', () => {
      spec([registered])
        .when({ type: 'RegisterInstitution', data: registered.data as never })
        .thenRefuses('CONFLICT');
    });
  });

  describe('AppointPrincipalLeader', () => {
    it('appoints a leader and registers a person the system has not seen', () => {
      spec([registered])
        .when({
          type: 'AppointPrincipalLeader',
          data: { uscc: HITECH_ADMIN_COMMITTEE, personId: 'p-wang', name: '王某', title: '主任', effectiveOn: '2024-01-01' },
        })
        .then([
          appointed('p-wang', '王某', '2024-01-01'),
          {
            type: 'OfficialRegistered',
            data: { personId: 'p-wang', name: '王某', institutionUscc: HITECH_ADMIN_COMMITTEE, post: '主任' },
          },
        ]);
    });

    it('does not register again a person already known here or elsewhere', () => {
      const known: InstitutionEvent = {
        type: 'OfficialRegistered',
        data: { personId: 'p-li', name: '李某', institutionUscc: HITECH_ADMIN_COMMITTEE, post: '副主任' },
      };
      const command = {
        type: 'AppointPrincipalLeader' as const,
        data: { uscc: HITECH_ADMIN_COMMITTEE, personId: 'p-li', name: '李某', title: '主任', effectiveOn: '2025-06-01' },
      };
      spec([registered, known]).when(command).then([appointed('p-li', '李某', '2025-06-01')]);
      spec([registered], { existingOfficial: { personId: 'p-li', institutionUscc: PUBLIC_HOSPITAL } })
        .when(command)
        .then([appointed('p-li', '李某', '2025-06-01')]);
    });

    it('refuses to appoint a registered official under another name (VALIDATION_FAILED on name), here or elsewhere', () => {
      const known: InstitutionEvent = {
        type: 'OfficialRegistered',
        data: { personId: 'p-li', name: '李某', institutionUscc: HITECH_ADMIN_COMMITTEE, post: '副主任' },
      };
      const command = {
        type: 'AppointPrincipalLeader' as const,
        data: { uscc: HITECH_ADMIN_COMMITTEE, personId: 'p-li', name: '李某某', title: '主任', effectiveOn: '2025-06-01' },
      };
      const refusal = { errors: [{ field: 'name', message: 'must be the name official p-li is registered under (李某)' }] };
      spec([registered, known]).when(command).thenRefuses('VALIDATION_FAILED', refusal);
      spec([registered], { existingOfficial: { personId: 'p-li', institutionUscc: PUBLIC_HOSPITAL, name: '李某' } })
        .when(command)
        .thenRefuses('VALIDATION_FAILED', refusal);
    });

    it('refuses an appointment for an unregistered institution (SUBJECT_NOT_FOUND)', () => {
      spec([])
        .when({
          type: 'AppointPrincipalLeader',
          data: { uscc: HITECH_ADMIN_COMMITTEE, personId: 'p-wang', name: '王某', title: '主任', effectiveOn: '2024-01-01' },
        })
        .thenRefuses('SUBJECT_NOT_FOUND');
    });

    it('refuses two appointments taking effect on the same day (CONFLICT)', () => {
      spec([registered, appointed('p-wang', '王某', '2024-01-01')])
        .when({
          type: 'AppointPrincipalLeader',
          data: { uscc: HITECH_ADMIN_COMMITTEE, personId: 'p-li', name: '李某', title: '主任', effectiveOn: '2024-01-01' },
        })
        .thenRefuses('CONFLICT');
    });
  });

  describe('RegisterOfficial', () => {
    const command = {
      type: 'RegisterOfficial' as const,
      data: { personId: 'p-zhao', name: '赵某', institutionUscc: HITECH_ADMIN_COMMITTEE, post: '科长' },
    };

    it('registers an official at the institution where they serve', () => {
      spec([registered]).when(command).then([{ type: 'OfficialRegistered', data: command.data }]);
    });

    it('refuses a person already registered anywhere (CONFLICT)', () => {
      spec([registered, { type: 'OfficialRegistered', data: command.data }]).when(command).thenRefuses('CONFLICT');
      spec([registered], { existingOfficial: { personId: 'p-zhao', institutionUscc: PUBLIC_HOSPITAL } })
        .when(command)
        .thenRefuses('CONFLICT');
    });

    it('refuses a personId outside 1–64 of A-Za-z0-9_- (VALIDATION_FAILED)', () => {
      spec([registered])
        .when({ ...command, data: { ...command.data, personId: '370102199001011234 X' } })
        .thenRefuses('VALIDATION_FAILED');
    });

    it('refuses an unregistered institution (SUBJECT_NOT_FOUND)', () => {
      spec([]).when(command).thenRefuses('SUBJECT_NOT_FOUND');
    });
  });

  describe('principal leader on a date', () => {
    const { state } = spec([
      registered,
      appointed('p-li', '李某', '2025-06-01'),
      // Back-entered history: an earlier appointment recorded later still orders by date.
      appointed('p-wang', '王某', '2022-03-15'),
    ]);

    it('is nobody before the first appointment', () => {
      expect(principalLeaderOn(state, '2022-03-14')).toBeUndefined();
    });

    it('serves from effectiveOn until the day before the next appointment', () => {
      expect(principalLeaderOn(state, '2022-03-15')?.personId).toBe('p-wang');
      expect(principalLeaderOn(state, '2025-05-31')?.personId).toBe('p-wang');
      expect(principalLeaderOn(state, '2025-06-01')?.personId).toBe('p-li');
    });
  });
});
