import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AwardBanList,
  DishonestList,
  ExemplarList,
  GetAwardBansQuery,
  GetDishonestListQuery,
  GetExemplarsQuery,
  GetGreyListQuery,
  GreyList,
  ROLES,
  Roles,
} from '@app/application';
import { pageOf } from '../http/read-query.dto';
import { AwardBansQueryDto, DishonestListQueryDto, GreyListQueryDto, OnDateQueryDto } from './lists.dto';

@ApiTags('lists')
@ApiBearerAuth()
@Controller('v1/lists')
export class ListsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('dishonest-institutions')
  @Roles('credit-office', 'supervisor', 'auditor')
  @ApiOperation({ summary: '严重失信名单: on a date (valid time), as known at an instant (system time)' })
  @ApiOkResponse({ description: '{items: [{uscc, name, regionCode, recordId, listedOn, publicationLastDay, policyVersion}], page, pageSize, total}' })
  dishonest(@Query() query: DishonestListQueryDto): Promise<DishonestList> {
    return this.queries.execute(new GetDishonestListQuery({ on: query.on, region: query.region, domain: query.domain, knownAt: query.knownAt }, pageOf(query)));
  }

  @Get('award-bans')
  @Roles('credit-office', 'supervisor', 'auditor', 'approver')
  @ApiOperation({ summary: 'Award bans (评先评优): status ACTIVE, EXPIRED, VOIDED, LIFTED_EARLY or NOT_STARTED' })
  @ApiOkResponse({ description: '{items: [{banId, subject, recordId, startsOn, lastDay, status, endedOn?, endedBy?, liftedEarly? {on, legalBasis, decisionNo, reason, actor} (also when a later voiding ended it)}], page, pageSize, total}' })
  awardBans(@Query() query: AwardBansQueryDto): Promise<AwardBanList> {
    return this.queries.execute(new GetAwardBansQuery({ activeOn: query.activeOn, subjectId: query.subjectId, knownAt: query.knownAt }, pageOf(query)));
  }

  @Get('exemplars')
  @Roles(...ROLES)
  @ApiOperation({ summary: 'Red list (诚信典型) on a date' })
  exemplars(@Query() query: OnDateQueryDto): Promise<ExemplarList> {
    return this.queries.execute(new GetExemplarsQuery({ on: query.on, knownAt: query.knownAt }, pageOf(query)));
  }

  @Get('key-attention')
  @Roles('credit-office', 'supervisor', 'auditor')
  @ApiOperation({ summary: 'Grey list (重点关注) on a date, with reasons' })
  keyAttention(@Query() query: GreyListQueryDto): Promise<GreyList> {
    return this.queries.execute(new GetGreyListQuery({ on: query.on, region: query.region, knownAt: query.knownAt }, pageOf(query)));
  }
}
