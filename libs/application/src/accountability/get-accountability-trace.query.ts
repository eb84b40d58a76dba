export class GetAccountabilityTraceQuery {
  constructor(
    readonly recordId: string,
    /** System time: the trace as the system knew it at this instant (default: now). */
    readonly knownAt?: string,
  ) {}
}
