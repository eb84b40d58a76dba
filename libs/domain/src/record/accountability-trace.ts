/**
 * Who answers for a record (domain.md §1, “新官不理旧账”): the people behind it across changes of
 * leadership, with the roles api.md's accountability trace names.
 */
import { CommitmentState } from '../commitment/commitment.state';
import { principalLeaderOn } from '../institution/institution.queries';
import { InstitutionState } from '../institution/institution.state';
import { BusinessDate } from '../values/business-date';
import { DishonestyRecord } from './record.state';

export type TraceRole = 'SIGNATORY' | 'LEADER_AT_OCCURRENCE' | 'LEADER_AT_BREACH' | 'LEADER_AT_DEADLINE';

export interface TracedPerson {
  personId: string;
  name: string | null;
  roles: TraceRole[];
}

export function accountablePersons(
  record: DishonestyRecord,
  institution: InstitutionState,
  commitment?: CommitmentState,
): TracedPerson[] {
  const people = new Map<string, TracedPerson>();
  const add = (personId: string | null | undefined, name: string | null, role: TraceRole) => {
    if (!personId) return;
    const person = people.get(personId) ?? { personId, name, roles: [] };
    if (person.name === null) person.name = name;
    if (!person.roles.includes(role)) person.roles.push(role);
    people.set(personId, person);
  };
  const leaderOn = (date: BusinessDate, role: TraceRole) => {
    const leader = principalLeaderOn(institution, date);
    add(leader?.personId, leader?.name ?? null, role);
  };

  if (commitment?.status === 'MADE' && commitment.commitmentId === record.commitmentId) {
    const signatory = institution.status === 'REGISTERED' ? institution.leaders.find((l) => l.personId === commitment.signedBy) : undefined;
    add(commitment.signedBy, signatory?.name ?? null, 'SIGNATORY');
    if (commitment.outcome.kind === 'BREACHED') leaderOn(commitment.outcome.on, 'LEADER_AT_BREACH');
  }
  leaderOn(record.occurredOn, 'LEADER_AT_OCCURRENCE');
  for (const order of record.orders) {
    if (order.lapsedOn !== undefined) leaderOn(order.deadline, 'LEADER_AT_DEADLINE');
  }
  return [...people.values()];
}
