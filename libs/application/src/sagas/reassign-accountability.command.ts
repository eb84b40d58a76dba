import type { StoredEvent } from '@app/event-store';

/**
 * Saga leadership → accountability: a PrincipalLeaderAppointed (every record of the institution
 * is checked) or an AccountabilityRequired (its record is checked: a lapse decided with the
 * leadership as it was before an appointment racing it).
 */
export class ReassignAccountabilityCommand {
  constructor(readonly cause: StoredEvent) {}
}
