import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { queryPublicRecords } from '@app/read-model';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { PagedList } from '../lists/list-views';
import { ReadSide } from '../read-side/read-side.service';
import { GetPublicRecordsQuery } from './get-public-records.query';
import { publicRecordItem, PublicRecordItem } from './public-views';

export type PublicRecords = PagedList<PublicRecordItem> & { on: string };

/** Records in publication today; officials' (masked) only when LEDGER_PUBLISH_OFFICIALS=true. */
@QueryHandler(GetPublicRecordsQuery)
export class GetPublicRecordsHandler implements IQueryHandler<GetPublicRecordsQuery, PublicRecords> {
  constructor(
    private readonly readSide: ReadSide,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async execute({ filter, page }: GetPublicRecordsQuery): Promise<PublicRecords> {
    const on = this.readSide.today();
    const result = await queryPublicRecords(this.readSide.sql, { on, region: filter.region, publishOfficials: this.config.publishOfficials }, this.readSide.limits(page));
    return { items: result.items.map(publicRecordItem), page: page.page, pageSize: page.pageSize, total: result.total, on };
  }
}
