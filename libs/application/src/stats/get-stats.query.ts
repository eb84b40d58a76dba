import type { StatsGroup } from '@app/read-model';

export class GetStatsQuery {
  constructor(
    readonly groupBy: StatsGroup,
    readonly from?: string,
    readonly to?: string,
  ) {}
}
