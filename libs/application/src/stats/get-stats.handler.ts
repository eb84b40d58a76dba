import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { queryStats, StatsGroup } from '@app/read-model';
import { ProblemException } from '../http/problem';
import { ReadSide } from '../read-side/read-side.service';
import { GetStatsQuery } from './get-stats.query';

export interface StatsGroupCounts {
  key: string | null;
  records: number;
  listings: number;
  bans: number;
  repairs: number;
}

export interface Stats {
  groupBy: StatsGroup;
  from: string;
  to: string;
  groups: StatsGroupCounts[];
  totals: Omit<StatsGroupCounts, 'key'>;
  asOf: { knownAt?: string; position: string };
}

const FIELD = { RECORD: 'records', LISTING: 'listings', BAN: 'bans', REPAIR: 'repairs' } as const;

/**
 * Counts by region, domain or category of records (by finding date), listings (listedOn), bans
 * (startsOn) and granted repairs (decidedOn) within [from, to]; revoked records, revoked listings
 * and voided bans do not count. With `knownAt`, the counts as the statistics stood at that instant
 * (`to` defaults to its day).
 */
@QueryHandler(GetStatsQuery)
export class GetStatsHandler implements IQueryHandler<GetStatsQuery, Stats> {
  constructor(private readonly readSide: ReadSide) {}

  async execute({ groupBy, from = '0001-01-01', to, knownAt }: GetStatsQuery): Promise<Stats> {
    const time = await this.readSide.systemTime(knownAt);
    const until = to ?? time.date;
    if (from > until) throw new ProblemException(400, 'VALIDATION_FAILED', 'from must not be after to', { errors: [{ field: 'from', message: 'must not be after to' }] });
    const rows = await queryStats(this.readSide.sql, groupBy, from, until, time.position);
    const groups = new Map<string | null, StatsGroupCounts>();
    const totals = { records: 0, listings: 0, bans: 0, repairs: 0 };
    for (const row of rows) {
      const group = groups.get(row.key) ?? { key: row.key, records: 0, listings: 0, bans: 0, repairs: 0 };
      const field = FIELD[row.kind as keyof typeof FIELD];
      if (!field) continue;
      group[field] += row.count;
      totals[field] += row.count;
      groups.set(row.key, group);
    }
    return { groupBy, from, to: until, groups: [...groups.values()], totals, asOf: time.asOf };
  }
}
