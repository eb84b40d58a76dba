import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiPropertyOptional, ApiProduces, ApiTags } from '@nestjs/swagger';
import { DishonestList, GetDishonestListQuery, GetPublicRecordsQuery, PublicExportService, PublicRecords, Public } from '@app/application';
import { IsOptional, Matches } from 'class-validator';
import type { Response } from 'express';
import { PagedQueryDto, ReadQueryDto, pageOf } from '../http/read-query.dto';
import { DATE_EXAMPLE, IsBusinessDate } from '../http/validators';
import { streamChunks } from './stream-chunks';

export class PublicRecordsQueryDto extends PagedQueryDto {
  @ApiPropertyOptional({ description: 'GB/T 2260 region code of the institution; a province (370000) or city (370100) takes in the regions under it', example: '370100' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'region must be 6 digits' })
  region?: string;
}

export class PublicListQueryDto extends PagedQueryDto {
  @ApiPropertyOptional({ example: DATE_EXAMPLE })
  @IsOptional()
  @IsBusinessDate()
  on?: string;
}

/** What the public sees (信用信息公示): no token; officials only when the deployment publishes them, masked. */
@ApiTags('public')
@Controller('public/v1')
export class PublicController {
  private readonly logger = new Logger('PublicExport');

  constructor(
    private readonly queries: QueryBus,
    private readonly exports: PublicExportService,
  ) {}

  @Get('records')
  @Public()
  @ApiOkResponse({ description: 'Published institution records (and masked officials when configured), with the objection flag' })
  records(@Query() query: PublicRecordsQueryDto): Promise<PublicRecords> {
    return this.queries.execute(new GetPublicRecordsQuery({ region: query.region }, pageOf(query)));
  }

  @Get('dishonest-institutions')
  @Public()
  @ApiOkResponse({ description: 'The published serious-dishonesty list on a date: the listings on it then that are still published today' })
  async dishonest(@Query() query: PublicListQueryDto) {
    const list: DishonestList = await this.queries.execute(new GetDishonestListQuery({ on: query.on, stillListedToday: true }, pageOf(query)));
    const { asOf: _asOf, ...rest } = list;
    return { ...rest, items: list.items.map(({ provenance: _provenance, ...item }) => item) };
  }

  @Get('export.csv')
  @Public()
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'Everything public as CSV (UTF-8 with BOM, header row), streamed' })
  async csv(@Query() _query: ReadQueryDto, @Res() response: Response): Promise<void> {
    await this.stream(response, this.exports.csv(), () =>
      response.status(200).type('text/csv; charset=utf-8').setHeader('Content-Disposition', 'attachment; filename="public-records.csv"'),
    );
  }

  @Get('export.json')
  @Public()
  @ApiProduces('application/json')
  @ApiOkResponse({ description: 'Everything public as JSON {on, fields, records}, streamed' })
  async json(@Query() _query: ReadQueryDto, @Res() response: Response): Promise<void> {
    await this.stream(response, this.exports.json(), () => response.status(200).type('application/json; charset=utf-8'));
  }

  /** An export cut short after its first bytes is aborted (never ended as if complete) and logged. */
  private stream(response: Response, chunks: AsyncIterable<string>, begin: () => void): Promise<void> {
    return streamChunks(response, chunks, begin, (error) => this.logger.error(`export aborted mid-stream: ${(error as Error)?.stack ?? String(error)}`));
  }
}
