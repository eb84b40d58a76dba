import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiPropertyOptional, ApiProduces, ApiTags } from '@nestjs/swagger';
import { DishonestList, GetDishonestListQuery, GetPublicRecordsQuery, PublicExportService, PublicRecords, Public } from '@app/application';
import { IsOptional, Matches } from 'class-validator';
import type { Response } from 'express';
import { once } from 'node:events';
import { PagedQueryDto, ReadQueryDto, pageOf } from '../http/read-query.dto';
import { DATE_EXAMPLE, IsBusinessDate } from '../http/validators';

export class PublicRecordsQueryDto extends PagedQueryDto {
  @ApiPropertyOptional({ example: '370100' })
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

/** Streams text chunks to the client, waiting for the socket to drain so memory stays flat. */
async function stream(response: Response, chunks: AsyncIterable<string>): Promise<void> {
  try {
    for await (const chunk of chunks) {
      if (!response.write(chunk)) await once(response, 'drain');
    }
  } finally {
    response.end();
  }
}

/** What the public sees (信用信息公示): no token; officials only when the deployment publishes them, masked. */
@ApiTags('public')
@Controller('public/v1')
export class PublicController {
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
  @ApiOkResponse({ description: 'The published serious-dishonesty list on a date' })
  async dishonest(@Query() query: PublicListQueryDto) {
    const list: DishonestList = await this.queries.execute(new GetDishonestListQuery({ on: query.on }, pageOf(query)));
    const { asOf: _asOf, ...rest } = list;
    return { ...rest, items: list.items.map(({ provenance: _provenance, ...item }) => item) };
  }

  @Get('export.csv')
  @Public()
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'Everything public as CSV (UTF-8 with BOM, header row), streamed' })
  async csv(@Query() _query: ReadQueryDto, @Res() response: Response): Promise<void> {
    response.status(200).type('text/csv; charset=utf-8').setHeader('Content-Disposition', 'attachment; filename="public-records.csv"');
    await stream(response, this.exports.csv());
  }

  @Get('export.json')
  @Public()
  @ApiProduces('application/json')
  @ApiOkResponse({ description: 'Everything public as JSON {on, fields, records}, streamed' })
  async json(@Query() _query: ReadQueryDto, @Res() response: Response): Promise<void> {
    response.status(200).type('application/json; charset=utf-8');
    await stream(response, this.exports.json());
  }
}
