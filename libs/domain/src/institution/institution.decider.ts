import { DomainError } from '../shared/domain-error';
import { INSTITUTION_KINDS } from '../shared/enums';
import { assertUscc, checks } from '../shared/validation';
import {
  AppointPrincipalLeader,
  InstitutionCommand,
  InstitutionDecisionContext,
  RegisterInstitution,
  RegisterOfficial,
} from './institution.commands';
import { InstitutionEvent, OfficialRegistered } from './institution.events';
import { isOfficialOf } from './institution.queries';
import { evolveInstitution, initialInstitutionState, InstitutionState, RegisteredInstitution } from './institution.state';

export { evolveInstitution, initialInstitutionState } from './institution.state';

export const institutionDecider = {
  decide: decideInstitution,
  evolve: evolveInstitution,
  initialState: initialInstitutionState,
};

/** Stream `institution-{uscc}` (RegisterOfficial: the stream of `institutionUscc`). */
export function decideInstitution(
  command: InstitutionCommand,
  state: InstitutionState,
  context: InstitutionDecisionContext = {},
): InstitutionEvent[] {
  switch (command.type) {
    case 'RegisterInstitution':
      return registerInstitution(command, state, context);
    case 'AppointPrincipalLeader':
      return appointPrincipalLeader(command, requireRegistered(state), context);
    case 'RegisterOfficial':
      return registerOfficial(command, requireRegistered(state), context);
    default: {
      const unexpected: never = command;
      throw new DomainError('VALIDATION_FAILED', `unknown command ${(unexpected as { type: string }).type}`);
    }
  }
}

function requireRegistered(state: InstitutionState): RegisteredInstitution {
  if (state.status !== 'REGISTERED') throw new DomainError('SUBJECT_NOT_FOUND', 'institution is not registered');
  return state;
}

function registerInstitution({ data }: RegisterInstitution, state: InstitutionState, { parent }: InstitutionDecisionContext): InstitutionEvent[] {
  assertUscc('uscc', data.uscc);
  if (data.parentUscc !== undefined) assertUscc('parentUscc', data.parentUscc);
  const c = checks().text('name', data.name, 200).oneOf('kind', data.kind, INSTITUTION_KINDS).regionCode('regionCode', data.regionCode);
  if (data.parentUscc === data.uscc) c.fail('parentUscc', 'an institution cannot be its own parent');
  c.done();
  if (state.status === 'REGISTERED') throw new DomainError('CONFLICT', `institution ${data.uscc} is already registered`);
  // The parent must already be registered (domain.md §2). Nothing un-registers or re-keys an
  // institution, so every parent was registered before its children: parent links cannot loop.
  if (data.parentUscc !== undefined && (parent?.status !== 'REGISTERED' || parent.uscc !== data.parentUscc)) {
    throw new DomainError('SUBJECT_NOT_FOUND', `parent institution ${data.parentUscc} is not registered`, { parentUscc: data.parentUscc });
  }
  const { uscc, name, kind, regionCode, parentUscc } = data;
  return [
    {
      type: 'InstitutionRegistered',
      data: { uscc, name, kind, regionCode, ...(parentUscc !== undefined && { parentUscc }) },
    },
  ];
}

function appointPrincipalLeader(
  { data }: AppointPrincipalLeader,
  state: RegisteredInstitution,
  context: InstitutionDecisionContext,
): InstitutionEvent[] {
  checks()
    .personId('personId', data.personId)
    .text('name', data.name, 100)
    .text('title', data.title, 100)
    .date('effectiveOn', data.effectiveOn)
    .done();
  // One person, one name: the trace and the archive must not name the same personId differently.
  const registeredAs = state.officials[data.personId]?.name ?? context.existingOfficial?.name;
  if (registeredAs !== undefined && registeredAs !== data.name) {
    checks().fail('name', `must be the name official ${data.personId} is registered under (${registeredAs})`).done();
  }
  if (state.leaders.some((l) => l.effectiveOn === data.effectiveOn)) {
    throw new DomainError('CONFLICT', `an appointment already takes effect on ${data.effectiveOn}`);
  }
  const { personId, name, title, effectiveOn } = data;
  const events: InstitutionEvent[] = [
    { type: 'PrincipalLeaderAppointed', data: { uscc: state.uscc, personId, name, title, effectiveOn } },
  ];
  // Appointing someone the system has never seen registers them too (domain.md §2).
  if (!isOfficialOf(state, personId) && !context.existingOfficial) {
    events.push(officialRegistered(personId, name, state.uscc, title));
  }
  return events;
}

function registerOfficial(
  { data }: RegisterOfficial,
  state: RegisteredInstitution,
  context: InstitutionDecisionContext,
): InstitutionEvent[] {
  const c = checks().personId('personId', data.personId).text('name', data.name, 100).text('post', data.post, 100);
  if (data.institutionUscc !== state.uscc) c.fail('institutionUscc', 'must name the institution of this stream');
  c.done();
  if (isOfficialOf(state, data.personId) || context.existingOfficial) {
    throw new DomainError('CONFLICT', `official ${data.personId} is already registered`);
  }
  return [officialRegistered(data.personId, data.name, state.uscc, data.post)];
}

const officialRegistered = (personId: string, name: string, institutionUscc: string, post: string): OfficialRegistered => ({
  type: 'OfficialRegistered',
  data: { personId, name, institutionUscc, post },
});
