import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AccountabilityTrace, GetAccountabilityTraceQuery, Roles } from '@app/application';
import { KnownAtQueryDto } from '../http/read-query.dto';

@ApiTags('accountability')
@ApiBearerAuth()
@Controller('v1/records')
export class AccountabilityTraceController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/accountability-trace')
  @Roles('discipline', 'auditor')
  @ApiOkResponse({ description: '{recordId, institution, persons: [{personId, name, roles}], obligations, decisions, mitigation?, asOf}; with knownAt, as the system knew them at that instant' })
  trace(@Param('id') recordId: string, @Query() query: KnownAtQueryDto): Promise<AccountabilityTrace> {
    return this.queries.execute(new GetAccountabilityTraceQuery(recordId, query.knownAt));
  }
}
