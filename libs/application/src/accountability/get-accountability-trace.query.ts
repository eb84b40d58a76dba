export class GetAccountabilityTraceQuery {
  constructor(readonly recordId: string) {}
}
