import { InstitutionRegistered, OfficialRegistered, PrincipalLeaderAppointed } from './institution.events';
import type { InstitutionState } from './institution.state';

export type RegisterInstitution = { type: 'RegisterInstitution'; data: InstitutionRegistered['data'] };

/** effectiveOn may lie in the future: an appointment can be entered before it takes effect. */
export type AppointPrincipalLeader = { type: 'AppointPrincipalLeader'; data: PrincipalLeaderAppointed['data'] };

export type RegisterOfficial = { type: 'RegisterOfficial'; data: OfficialRegistered['data'] };

export type InstitutionCommand = RegisterInstitution | AppointPrincipalLeader | RegisterOfficial;

/**
 * Cross-stream inputs, loaded by the application:
 * - `existingOfficial`: where the person is already known, if anywhere (the application looks the
 *   personId up in its officials index). Officials are registered once, system-wide.
 * - `parent`: for RegisterInstitution naming a `parentUscc`, the state of `institution-{parentUscc}`;
 *   the parent must be registered (absent counts as not registered).
 */
export interface InstitutionDecisionContext {
  /** `name`: what the person is registered as there, when the application read it (an appointment must name them so). */
  existingOfficial?: { personId: string; institutionUscc: string; name?: string } | null;
  parent?: InstitutionState;
}
