import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { queryDishonestList } from '@app/read-model';
import { ReadSide } from '../read-side/read-side.service';
import { GetDishonestListQuery } from './get-dishonest-list.query';
import { dishonestListItem, PagedList } from './list-views';

export type DishonestList = PagedList<ReturnType<typeof dishonestListItem>> & { on: string; asOf: { knownAt?: string; position: string } };

/**
 * 严重失信名单 on `on` (valid time, default today — or the day of `knownAt`), as the system knew it
 * at `knownAt` (system time, default now).
 */
@QueryHandler(GetDishonestListQuery)
export class GetDishonestListHandler implements IQueryHandler<GetDishonestListQuery, DishonestList> {
  constructor(private readonly readSide: ReadSide) {}

  async execute({ filter, page }: GetDishonestListQuery): Promise<DishonestList> {
    const time = await this.readSide.systemTime(filter.knownAt);
    const on = filter.on ?? time.date;
    const result = await queryDishonestList(
      this.readSide.sql,
      { on, ...(filter.stillListedToday && { through: this.readSide.today() }), position: time.position, region: filter.region, domain: filter.domain },
      this.readSide.limits(page),
    );
    return { items: result.items.map(dishonestListItem), page: page.page, pageSize: page.pageSize, total: result.total, on, asOf: time.asOf };
  }
}
