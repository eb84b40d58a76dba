import { BusinessDate } from '../values/business-date';
import { InstitutionKind } from '../shared/enums';

export type RegisterInstitution = {
  type: 'RegisterInstitution';
  data: { uscc: string; name: string; kind: InstitutionKind; regionCode: string; parentUscc?: string };
};

/** effectiveOn may lie in the future: an appointment can be entered before it takes effect. */
export type AppointPrincipalLeader = {
  type: 'AppointPrincipalLeader';
  data: { uscc: string; personId: string; name: string; title: string; effectiveOn: BusinessDate };
};

export type RegisterOfficial = {
  type: 'RegisterOfficial';
  data: { personId: string; name: string; institutionUscc: string; post: string };
};

export type InstitutionCommand = RegisterInstitution | AppointPrincipalLeader | RegisterOfficial;

/**
 * Cross-stream input: where the person is already known, if anywhere (the application looks the
 * personId up in its officials index). Officials are registered once, system-wide.
 */
export interface InstitutionDecisionContext {
  existingOfficial?: { personId: string; institutionUscc: string } | null;
}
