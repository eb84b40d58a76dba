import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import {
  CommandMeta,
  CommandOutcome,
  CreditCheckResult,
  GiveCheckFeedbackCommand,
  PerformCreditCheckCommand,
} from '@app/application';
import { ApiCommand, PositionDto } from '../http/api-docs';
import { Meta } from '../http/command-meta.decorator';
import { CheckFeedbackDto, CreditCheckResultDto, PerformCreditCheckDto } from './checks.dto';

@ApiTags('credit checks (逢审必查)')
@Controller('v1/checks')
export class ChecksController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiCommand({
    summary: 'Run a credit check for an approval or award matter',
    roles: ['approver'],
    status: 201,
    type: CreditCheckResultDto,
    description: 'RESTRICTED / ATTENTION / CLEAR with every finding and its measures; the check is recorded and awaits feedback.',
  })
  async perform(@Body() body: PerformCreditCheckDto, @Meta('perform-credit-check') meta: CommandMeta): Promise<CreditCheckResultDto> {
    const result = await this.commands.execute<PerformCreditCheckCommand, CreditCheckResult>(
      new PerformCreditCheckCommand({ ...body, subject: { kind: body.subject.kind, id: body.subject.id } }, meta),
    );
    return {
      checkId: result.checkId,
      outcome: result.outcome,
      findings: result.findings.map(({ kind, ref, detail, level, measures }) => ({ kind, ref, detail, level, measures })),
      position: result.position,
    };
  }

  @Post(':checkId/feedback')
  @ApiCommand({
    summary: 'Report what was done with each returned measure (联合奖惩 feedback)',
    roles: ['approver'],
    status: 200,
    type: PositionDto,
    ifMatch: true,
    description: 'Must cover every returned measure: applied, or not applied with a reason.',
  })
  async feedback(
    @Param('checkId') checkId: string,
    @Body() body: CheckFeedbackDto,
    @Meta('check-feedback') meta: CommandMeta,
  ): Promise<PositionDto> {
    const outcome = await this.commands.execute<GiveCheckFeedbackCommand, CommandOutcome>(
      new GiveCheckFeedbackCommand(
        { checkId, applied: body.applied, notApplied: body.notApplied.map(({ code, reason }) => ({ code, reason })) },
        meta,
      ),
    );
    return { position: outcome.position };
  }
}
