import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandMeta, CommandOutcome, LiftAwardBanEarlyCommand } from '@app/application';
import { ApiCommand } from '../http/api-docs';
import { Meta } from '../http/command-meta.decorator';
import { plain } from '../http/plain';
import { AwardBanLiftedDto, LiftAwardBanEarlyDto } from './award-bans.dto';

@ApiTags('award-bans')
@Controller('v1/award-bans')
export class AwardBansController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':banId/early-lift')
  @ApiCommand({
    summary: 'AwardBanLiftedEarly — besides voiding, the only act that ends a three-year ban before its last day',
    description: 'If-Match names the revision of the record stream that holds the ban (the ETag of GET /v1/records/{recordId}).',
    roles: ['credit-office'],
    status: 200,
    type: AwardBanLiftedDto,
    ifMatch: true,
  })
  async lift(@Param('banId') banId: string, @Body() body: LiftAwardBanEarlyDto, @Meta('lift-award-ban-early') meta: CommandMeta): Promise<AwardBanLiftedDto> {
    const outcome = await this.commands.execute<LiftAwardBanEarlyCommand, CommandOutcome & { recordId: string }>(
      new LiftAwardBanEarlyCommand({ ...plain(body), banId }, meta),
    );
    return { banId, recordId: outcome.recordId, position: outcome.position };
  }
}
