import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { queryAwardBans } from '@app/read-model';
import { assertValidUscc } from '../command-support/preconditions';
import { ReadSide } from '../read-side/read-side.service';
import { GetAwardBansQuery } from './get-award-bans.query';
import { awardBanItem, PagedList } from './list-views';

export type AwardBanList = PagedList<ReturnType<typeof awardBanItem>> & { statusOn: string; asOf: { knownAt?: string; position: string } };

/**
 * Award bans (api.md): with `activeOn`, the bans ACTIVE that day; without it, every ban with its
 * status as of today (or the day of `knownAt`). A voided ban is VOIDED on every date.
 */
@QueryHandler(GetAwardBansQuery)
export class GetAwardBansHandler implements IQueryHandler<GetAwardBansQuery, AwardBanList> {
  constructor(private readonly readSide: ReadSide) {}

  async execute({ filter, page }: GetAwardBansQuery): Promise<AwardBanList> {
    // A malformed code is 400 INVALID_USCC naming the field, as on every other path, not VALIDATION_FAILED.
    if (filter.subjectId !== undefined) assertValidUscc('subjectId', filter.subjectId);
    const time = await this.readSide.systemTime(filter.knownAt);
    const statusOn = filter.activeOn ?? time.date;
    const result = await queryAwardBans(this.readSide.sql, { activeOn: filter.activeOn, subjectId: filter.subjectId, position: time.position }, this.readSide.limits(page));
    return { items: result.items.map((row) => awardBanItem(row, statusOn)), page: page.page, pageSize: page.pageSize, total: result.total, statusOn, asOf: time.asOf };
  }
}
