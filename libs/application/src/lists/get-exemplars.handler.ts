import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { queryExemplars } from '@app/read-model';
import { ReadSide } from '../read-side/read-side.service';
import { GetExemplarsQuery } from './get-exemplars.query';
import { exemplarItem, PagedList } from './list-views';

export type ExemplarList = PagedList<ReturnType<typeof exemplarItem>> & { on: string; asOf: { knownAt?: string; position: string } };

/** The red list (诚信典型) on a date: designations active then, by the domain's isExemplarActiveOn. */
@QueryHandler(GetExemplarsQuery)
export class GetExemplarsHandler implements IQueryHandler<GetExemplarsQuery, ExemplarList> {
  constructor(private readonly readSide: ReadSide) {}

  async execute({ filter, page }: GetExemplarsQuery): Promise<ExemplarList> {
    const time = await this.readSide.systemTime(filter.knownAt);
    const on = filter.on ?? time.date;
    const result = await queryExemplars(this.readSide.sql, { on, position: time.position }, this.readSide.limits(page));
    return { items: result.items.map(exemplarItem), page: page.page, pageSize: page.pageSize, total: result.total, on, asOf: time.asOf };
  }
}
