import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandMeta, CommandOutcome, DesignateExemplarCommand, RevokeExemplarCommand } from '@app/application';
import { ApiCommand } from '../http/api-docs';
import { Meta } from '../http/command-meta.decorator';
import { plain } from '../http/plain';
import { DesignateExemplarDto, ExemplarResultDto, RevokeExemplarDto } from './exemplars.dto';

/** The red list (诚信典型). */
@ApiTags('exemplars')
@Controller('v1/exemplars')
export class ExemplarsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiCommand({
    summary: 'ExemplarDesignated — refused when on designatedOn the subject has an active award ban (AWARD_BAN_ACTIVE), is listed (SUBJECT_LISTED), or is an official whose GENERAL or SERIOUS record in publication restricts award evaluations (SUBJECT_RESTRICTED); a title designated before such a day is recorded and revoked from it by the sagas',
    roles: ['credit-office'],
    status: 201,
    type: ExemplarResultDto,
  })
  async designate(@Body() body: DesignateExemplarDto, @Meta('designate-exemplar') meta: CommandMeta): Promise<ExemplarResultDto> {
    const outcome = await this.commands.execute<DesignateExemplarCommand, CommandOutcome & { exemplarId: string }>(
      new DesignateExemplarCommand({ ...plain(body), subject: { kind: body.subject.kind, id: body.subject.id } }, meta),
    );
    return { exemplarId: outcome.exemplarId, position: outcome.position };
  }

  @Post(':id/revocation')
  @ApiCommand({
    summary:
      'ExemplarRevoked by hand — while one for 联合惩戒 (JOINT_PUNISHMENT) is in force, from the same or an earlier day it takes over, from a later day it is kept aside (in force if that one is voided); refused (EXEMPLAR_NOT_ACTIVE) when it adds nothing: from the same or a later day than one by hand in force or kept aside',
    roles: ['credit-office'],
    status: 200,
    type: ExemplarResultDto,
    ifMatch: true,
  })
  async revoke(@Param('id') exemplarId: string, @Body() body: RevokeExemplarDto, @Meta('revoke-exemplar') meta: CommandMeta): Promise<ExemplarResultDto> {
    const outcome = await this.commands.execute<RevokeExemplarCommand, CommandOutcome>(new RevokeExemplarCommand({ ...plain(body), exemplarId }, meta));
    return { exemplarId, position: outcome.position };
  }
}
