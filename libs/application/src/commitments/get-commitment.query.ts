import type { Principal } from '../auth/roles';

export class GetCommitmentQuery {
  constructor(
    readonly commitmentId: string,
    readonly principal: Principal,
  ) {}
}
