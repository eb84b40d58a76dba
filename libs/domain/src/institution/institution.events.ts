import { BusinessDate } from '../values/business-date';
import { InstitutionKind } from '../shared/enums';

export type InstitutionRegistered = {
  type: 'InstitutionRegistered';
  data: { uscc: string; name: string; kind: InstitutionKind; regionCode: string; parentUscc?: string };
};

/** Lives in the stream of the institution where the official serves. */
export type OfficialRegistered = {
  type: 'OfficialRegistered';
  data: { personId: string; name: string; institutionUscc: string; post: string };
};

export type PrincipalLeaderAppointed = {
  type: 'PrincipalLeaderAppointed';
  data: { uscc: string; personId: string; name: string; title: string; effectiveOn: BusinessDate };
};

export type InstitutionEvent = InstitutionRegistered | OfficialRegistered | PrincipalLeaderAppointed;
