import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { GetQueueQuery, Roles, WorkQueue } from '@app/application';
import { PagedQueryDto, pageOf } from '../http/read-query.dto';

const QUEUE_DOC = 'Open items with their SLA due date (dueOn) and overdue flag, overdue first';

@ApiTags('queues')
@ApiBearerAuth()
@Controller('v1/queues')
export class QueuesController {
  constructor(private readonly queries: QueryBus) {}

  @Get('accountability')
  @Roles('discipline', 'supervisor')
  @ApiOkResponse({ description: 'Open accountability obligations, the oldest first' })
  accountability(@Query() query: PagedQueryDto): Promise<WorkQueue> {
    return this.queries.execute(new GetQueueQuery('accountability', pageOf(query)));
  }

  @Get('objections')
  @Roles('credit-office', 'supervisor')
  @ApiOkResponse({ description: `${QUEUE_DOC}; decision due within 7 working days of filing` })
  objections(@Query() query: PagedQueryDto): Promise<WorkQueue> {
    return this.queries.execute(new GetQueueQuery('objections', pageOf(query)));
  }

  @Get('rectifications')
  @Roles('credit-office', 'supervisor')
  @ApiOkResponse({ description: `${QUEUE_DOC}; due on the order's deadline` })
  rectifications(@Query() query: PagedQueryDto): Promise<WorkQueue> {
    return this.queries.execute(new GetQueueQuery('rectifications', pageOf(query)));
  }

  @Get('checks')
  @Roles('credit-office', 'supervisor')
  @ApiOkResponse({ description: `${QUEUE_DOC}; feedback due within 5 working days of the day the check was recorded (Beijing time), or of the date it names when later` })
  checks(@Query() query: PagedQueryDto): Promise<WorkQueue> {
    return this.queries.execute(new GetQueueQuery('checks', pageOf(query)));
  }
}
