export class GetInstitutionArchiveQuery {
  constructor(readonly uscc: string) {}
}
