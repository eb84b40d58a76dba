import { BusinessDate, isOnOrBefore } from '../values/business-date';
import { InstitutionState, LeaderTerm } from './institution.state';

/** "Who was the principal leader of X on date D" (domain.md §4.1). */
export function principalLeaderOn(state: InstitutionState, date: BusinessDate): LeaderTerm | undefined {
  if (state.status !== 'REGISTERED') return undefined;
  let current: LeaderTerm | undefined;
  for (const term of state.leaders) {
    if (isOnOrBefore(term.effectiveOn, date)) current = term;
  }
  return current;
}

/** An official is known at an institution once registered there or appointed its leader. */
export function isOfficialOf(state: InstitutionState, personId: string): boolean {
  if (state.status !== 'REGISTERED') return false;
  return personId in state.officials || state.leaders.some((l) => l.personId === personId);
}
