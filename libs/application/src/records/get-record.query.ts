import type { Principal } from '../auth/roles';

export class GetRecordQuery {
  constructor(
    readonly recordId: string,
    readonly principal: Principal,
  ) {}
}
