import { BusinessDate, compareDates } from '../values/business-date';
import { InstitutionKind } from '../shared/enums';
import { InstitutionEvent } from './institution.events';

export interface LeaderTerm {
  personId: string;
  name: string;
  title: string;
  effectiveOn: BusinessDate;
}

export interface OfficialEntry {
  personId: string;
  name: string;
  post: string;
}

export type InstitutionState =
  | { status: 'UNREGISTERED' }
  | {
      status: 'REGISTERED';
      uscc: string;
      name: string;
      kind: InstitutionKind;
      regionCode: string;
      parentUscc?: string;
      /** Appointments ordered by effectiveOn: each serves until the day before the next. */
      leaders: LeaderTerm[];
      officials: Record<string, OfficialEntry>;
    };

export type RegisteredInstitution = Extract<InstitutionState, { status: 'REGISTERED' }>;

export const initialInstitutionState = (): InstitutionState => ({ status: 'UNREGISTERED' });

export function evolveInstitution(state: InstitutionState, event: InstitutionEvent): InstitutionState {
  switch (event.type) {
    case 'InstitutionRegistered': {
      const { parentUscc, ...rest } = event.data;
      return { status: 'REGISTERED', ...rest, ...(parentUscc !== undefined && { parentUscc }), leaders: [], officials: {} };
    }
    case 'OfficialRegistered': {
      if (state.status !== 'REGISTERED') return state;
      const { personId, name, post } = event.data;
      return { ...state, officials: { ...state.officials, [personId]: { personId, name, post } } };
    }
    case 'PrincipalLeaderAppointed': {
      if (state.status !== 'REGISTERED') return state;
      const { personId, name, title, effectiveOn } = event.data;
      const leaders = [...state.leaders, { personId, name, title, effectiveOn }];
      // Back-entered appointments slot into date order; equal dates keep append order.
      leaders.sort((a, b) => compareDates(a.effectiveOn, b.effectiveOn));
      return { ...state, leaders };
    }
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}
