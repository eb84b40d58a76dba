import type { StatsGroup } from '@app/read-model';

export class GetStatsQuery {
  constructor(
    readonly groupBy: StatsGroup,
    readonly from?: string,
    readonly to?: string,
    /** System time: the counts as they stood at this instant (default: now). */
    readonly knownAt?: string,
  ) {}
}
