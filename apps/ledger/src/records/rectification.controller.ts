import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import {
  CommandMeta,
  CommandOutcome,
  OrderRectificationCommand,
  ReportRectificationCommand,
  ReviewRectificationCommand,
} from '@app/application';
import { ApiCommand } from '../http/api-docs';
import { Meta } from '../http/command-meta.decorator';
import { plain } from '../http/plain';
import {
  OrderRectificationDto,
  RectificationOrderedDto,
  RectificationReportedDto,
  RectificationReviewedDto,
  ReportRectificationDto,
  ReviewRectificationDto,
} from './records.dto';

/** 限期整改: order, report, review. */
@ApiTags('records')
@Controller('v1/records/:id')
export class RectificationController {
  constructor(private readonly commands: CommandBus) {}

  @Post('rectification-orders')
  @ApiCommand({
    summary: 'RectificationOrdered — institution records only, one open order at a time',
    roles: ['credit-office'],
    status: 201,
    type: RectificationOrderedDto,
    ifMatch: true,
  })
  async order(@Param('id') recordId: string, @Body() body: OrderRectificationDto, @Meta('order-rectification') meta: CommandMeta): Promise<RectificationOrderedDto> {
    const outcome = await this.commands.execute<OrderRectificationCommand, CommandOutcome & { orderId?: string }>(
      new OrderRectificationCommand({ ...plain(body), recordId }, meta),
    );
    return { recordId, orderId: outcome.orderId!, position: outcome.position };
  }

  @Post('rectification-reports')
  @ApiCommand({
    summary: 'RectificationReported — the subject (its own records only) or the credit office; also late, after a lapse',
    roles: ['subject', 'credit-office'],
    status: 201,
    type: RectificationReportedDto,
    ifMatch: true,
  })
  async report(@Param('id') recordId: string, @Body() body: ReportRectificationDto, @Meta('report-rectification') meta: CommandMeta): Promise<RectificationReportedDto> {
    const outcome = await this.commands.execute<ReportRectificationCommand, CommandOutcome & { reportId: string }>(
      new ReportRectificationCommand({ ...plain(body), recordId }, meta),
    );
    return { recordId, reportId: outcome.reportId, position: outcome.position };
  }

  @Post('rectification-reports/:reportId/review')
  @ApiCommand({ summary: 'RectificationReviewed — accepted, or rejected with a reason', roles: ['credit-office'], status: 200, type: RectificationReviewedDto, ifMatch: true })
  async review(
    @Param('id') recordId: string,
    @Param('reportId') reportId: string,
    @Body() body: ReviewRectificationDto,
    @Meta('review-rectification') meta: CommandMeta,
  ): Promise<RectificationReviewedDto> {
    const outcome = await this.commands.execute<ReviewRectificationCommand, CommandOutcome>(new ReviewRectificationCommand({ ...plain(body), recordId, reportId }, meta));
    return { recordId, reportId, position: outcome.position };
  }
}
