import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandMeta, CommandOutcome, DecideAccountabilityCommand, DecideMitigationCommand } from '@app/application';
import { ApiCommand } from '../http/api-docs';
import { Meta } from '../http/command-meta.decorator';
import { plain } from '../http/plain';
import { AccountabilityDecidedDto, DecideAccountabilityDto, DecideMitigationDto, RecordResultDto } from './records.dto';

/** 问责 and mitigation, by discipline bodies. */
@ApiTags('records')
@Controller('v1/records/:id')
export class AccountabilityController {
  constructor(private readonly commands: CommandBus) {}

  @Post('accountability-decisions')
  @ApiCommand({
    summary: 'AccountabilityDecided — closes the open obligation of that person (or one with no leader on record)',
    roles: ['discipline'],
    status: 201,
    type: AccountabilityDecidedDto,
    ifMatch: true,
    description:
      'An unknown record is 404 NOT_FOUND. personId must be a registered official, wherever they serve now (404 SUBJECT_NOT_FOUND, naming personId), ' +
      'unless it is the person an obligation of the record names. decidedOn may not be before the obligation’s requiredOn, or the finding without one (400). ' +
      'A refused command appends nothing.',
  })
  async decide(
    @Param('id') recordId: string,
    @Body() body: DecideAccountabilityDto,
    @Meta('decide-accountability') meta: CommandMeta,
  ): Promise<AccountabilityDecidedDto> {
    const outcome = await this.commands.execute<DecideAccountabilityCommand, CommandOutcome & { obligationId?: string }>(
      new DecideAccountabilityCommand({ ...plain(body), recordId }, meta),
    );
    return { recordId, ...(outcome.obligationId !== undefined && { obligationId: outcome.obligationId }), position: outcome.position };
  }

  @Post('mitigation')
  @ApiCommand({ summary: 'MitigationDecided (从轻或免于惩戒) — records about officials only, once', roles: ['discipline'], status: 200, type: RecordResultDto, ifMatch: true })
  async mitigate(@Param('id') recordId: string, @Body() body: DecideMitigationDto, @Meta('decide-mitigation') meta: CommandMeta): Promise<RecordResultDto> {
    const outcome = await this.commands.execute<DecideMitigationCommand, CommandOutcome>(new DecideMitigationCommand({ ...plain(body), recordId }, meta));
    return { recordId, position: outcome.position };
  }
}
