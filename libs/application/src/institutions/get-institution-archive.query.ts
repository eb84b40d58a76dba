import type { Principal } from '../auth/roles';

export class GetInstitutionArchiveQuery {
  constructor(
    readonly uscc: string,
    /** ISO-8601 instant: the archive as the system showed it then (replayed from the log). */
    readonly knownAt?: string,
    readonly principal?: Principal,
  ) {}
}
