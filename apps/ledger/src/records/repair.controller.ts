import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ApplyForRepairCommand, CommandMeta, CommandOutcome, DecideRepairCommand } from '@app/application';
import { ApiCommand } from '../http/api-docs';
import { Meta } from '../http/command-meta.decorator';
import { plain } from '../http/plain';
import { ApplyForRepairDto, DecideRepairDto, RepairAppliedDto, RepairDecidedDto } from './records.dto';

/** 信用修复: application and decision. Repair never touches an award ban. */
@ApiTags('records')
@Controller('v1/records/:id/repair-applications')
export class RepairController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiCommand({
    summary: 'RepairApplied — the subject (its own records only) or the credit office',
    description:
      'Refused before the earliest eligible day (422 REPAIR_NOT_YET_ELIGIBLE with earliestEligibleOn, and repairable: false when the record and its listing leave publication before that day, so that no application can succeed), while an ordered rectification is not accepted (RECTIFICATION_NOT_COMPLETED), and for records not in publication (NOT_IN_PUBLICATION).',
    roles: ['subject', 'credit-office'],
    status: 201,
    type: RepairAppliedDto,
    ifMatch: true,
  })
  async apply(@Param('id') recordId: string, @Body() body: ApplyForRepairDto, @Meta('apply-for-repair') meta: CommandMeta): Promise<RepairAppliedDto> {
    const outcome = await this.commands.execute<ApplyForRepairCommand, CommandOutcome & { applicationId: string }>(
      new ApplyForRepairCommand({ ...plain(body), recordId }, meta),
    );
    return { recordId, applicationId: outcome.applicationId, position: outcome.position };
  }

  @Post(':applicationId/decision')
  @ApiCommand({
    summary: 'RepairDecided — a grant ends publication and delists (the award ban runs on)',
    roles: ['credit-office'],
    status: 200,
    type: RepairDecidedDto,
    ifMatch: true,
  })
  async decide(
    @Param('id') recordId: string,
    @Param('applicationId') applicationId: string,
    @Body() body: DecideRepairDto,
    @Meta('decide-repair') meta: CommandMeta,
  ): Promise<RepairDecidedDto> {
    const outcome = await this.commands.execute<DecideRepairCommand, CommandOutcome>(new DecideRepairCommand({ ...plain(body), recordId, applicationId }, meta));
    return { recordId, applicationId, position: outcome.position };
  }
}
