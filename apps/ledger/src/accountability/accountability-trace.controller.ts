import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AccountabilityTrace, GetAccountabilityTraceQuery, Roles } from '@app/application';
import { ReadQueryDto } from '../http/read-query.dto';

@ApiTags('accountability')
@ApiBearerAuth()
@Controller('v1/records')
export class AccountabilityTraceController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/accountability-trace')
  @Roles('discipline', 'auditor')
  @ApiOkResponse({ description: '{recordId, institution, persons: [{personId, name, roles}], obligations, decisions}' })
  trace(@Param('id') recordId: string, @Query() _query: ReadQueryDto): Promise<AccountabilityTrace> {
    return this.queries.execute(new GetAccountabilityTraceQuery(recordId));
  }
}
