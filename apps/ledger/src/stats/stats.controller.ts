import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { GetStatsQuery, Roles, Stats } from '@app/application';
import { IsIn, IsOptional } from 'class-validator';
import { KnownAtQueryDto } from '../http/read-query.dto';
import { DATE_EXAMPLE, IsBusinessDate } from '../http/validators';

const GROUPS = ['region', 'domain', 'category'] as const;

export class StatsQueryDto extends KnownAtQueryDto {
  @ApiProperty({ enum: GROUPS })
  @IsIn(GROUPS)
  groupBy: (typeof GROUPS)[number];

  @ApiPropertyOptional({ example: DATE_EXAMPLE })
  @IsOptional()
  @IsBusinessDate()
  from?: string;

  @ApiPropertyOptional({ example: DATE_EXAMPLE, description: 'default: today' })
  @IsOptional()
  @IsBusinessDate()
  to?: string;
}

@ApiTags('stats')
@ApiBearerAuth()
@Controller('v1/stats')
export class StatsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles('supervisor', 'auditor')
  @ApiOkResponse({ description: '{groupBy, from, to, groups: [{key, records, listings, bans, repairs}], totals, asOf}; with knownAt, the counts as they stood at that instant' })
  stats(@Query() query: StatsQueryDto): Promise<Stats> {
    return this.queries.execute(new GetStatsQuery(query.groupBy, query.from, query.to, query.knownAt));
  }
}
