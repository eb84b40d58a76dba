export class GetOfficialArchiveQuery {
  constructor(
    readonly personId: string,
    readonly knownAt?: string,
  ) {}
}
