import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { parseStreamName } from '@app/domain';
import { queryGreyList, Row } from '@app/read-model';
import { ReadSide } from '../read-side/read-side.service';
import { GetGreyListQuery } from './get-grey-list.query';
import { PagedList } from './list-views';

export interface GreyListItem {
  uscc: string;
  name: string | null;
  regionCode: string | null;
  reasons: string[];
  /** Each reason with what causes it (a record or a commitment) and the dates it applies. */
  details: Array<{ reason: string; source: { kind: string; id: string }; from: string; to: string | null }>;
}

export type GreyList = PagedList<GreyListItem> & { on: string; asOf: { knownAt?: string; position: string } };

const FOREVER = '9999-12-31';

function item(row: Row & { reasons: Row[] }): GreyListItem {
  const details = row.reasons.map((r) => {
    const source = parseStreamName(String(r.source_id));
    return {
      reason: String(r.reason),
      source: { kind: source?.category ?? 'stream', id: source?.id ?? String(r.source_id) },
      from: String(r.valid_from),
      to: r.valid_to === FOREVER ? null : String(r.valid_to),
    };
  });
  return {
    uscc: String(row.uscc),
    name: row.name === null || row.name === undefined ? null : String(row.name),
    regionCode: row.region_code === null || row.region_code === undefined ? null : String(row.region_code),
    reasons: [...new Set(details.map((d) => d.reason))],
    details,
  };
}

/** 重点关注 on a date, with the reasons the domain's greyListReasons gives (domain.md §4.7). */
@QueryHandler(GetGreyListQuery)
export class GetGreyListHandler implements IQueryHandler<GetGreyListQuery, GreyList> {
  constructor(private readonly readSide: ReadSide) {}

  async execute({ filter, page }: GetGreyListQuery): Promise<GreyList> {
    const time = await this.readSide.systemTime(filter.knownAt);
    const on = filter.on ?? time.date;
    const result = await queryGreyList(this.readSide.sql, { on, position: time.position, region: filter.region }, this.readSide.limits(page));
    return { items: result.items.map(item), page: page.page, pageSize: page.pageSize, total: result.total, on, asOf: time.asOf };
  }
}
