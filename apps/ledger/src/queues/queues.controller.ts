import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { GetQueueQuery, Roles, WorkQueue } from '@app/application';
import { PagedKnownAtQueryDto, pageOf } from '../http/read-query.dto';

const QUEUE_DOC = 'Open items with their SLA due date (dueOn) and overdue flag, overdue first; with knownAt, the items open at that instant and overdue as of its day';

@ApiTags('queues')
@ApiBearerAuth()
@Controller('v1/queues')
export class QueuesController {
  constructor(private readonly queries: QueryBus) {}

  @Get('accountability')
  @Roles('discipline', 'supervisor')
  @ApiOkResponse({ description: 'Open accountability obligations, the oldest first; with knownAt, those open at that instant' })
  accountability(@Query() query: PagedKnownAtQueryDto): Promise<WorkQueue> {
    return this.queries.execute(new GetQueueQuery('accountability', pageOf(query), query.knownAt));
  }

  @Get('objections')
  @Roles('credit-office', 'supervisor')
  @ApiOkResponse({ description: `${QUEUE_DOC}; decision due within 7 working days of filing` })
  objections(@Query() query: PagedKnownAtQueryDto): Promise<WorkQueue> {
    return this.queries.execute(new GetQueueQuery('objections', pageOf(query), query.knownAt));
  }

  @Get('rectifications')
  @Roles('credit-office', 'supervisor')
  @ApiOkResponse({ description: `${QUEUE_DOC}; due on the order's deadline` })
  rectifications(@Query() query: PagedKnownAtQueryDto): Promise<WorkQueue> {
    return this.queries.execute(new GetQueueQuery('rectifications', pageOf(query), query.knownAt));
  }

  @Get('checks')
  @Roles('credit-office', 'supervisor')
  @ApiOkResponse({ description: `${QUEUE_DOC}; feedback due within 5 working days of the day the check was recorded (Beijing time), or of the date it names when later` })
  checks(@Query() query: PagedKnownAtQueryDto): Promise<WorkQueue> {
    return this.queries.execute(new GetQueueQuery('checks', pageOf(query), query.knownAt));
  }
}
