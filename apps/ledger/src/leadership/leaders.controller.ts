import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { AppointPrincipalLeaderCommand, CommandMeta, CommandOutcome } from '@app/application';
import { ApiCommand } from '../http/api-docs';
import { Meta } from '../http/command-meta.decorator';
import { plain } from '../http/plain';
import { AppointLeaderDto, LeaderAppointedDto } from './leadership.dto';

@ApiTags('institutions')
@Controller('v1/institutions')
export class LeadersController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':uscc/leaders')
  @ApiCommand({
    summary: 'Appoint the principal leader (PrincipalLeaderAppointed); a person not yet known is registered as an official too',
    description: 'A person registered as an official (here or at another institution) is appointed under the name registered: another name is 400 VALIDATION_FAILED on name. A refused command appends nothing.',
    roles: ['registrar'],
    status: 201,
    type: LeaderAppointedDto,
    ifMatch: true,
  })
  async appoint(@Param('uscc') uscc: string, @Body() body: AppointLeaderDto, @Meta('appoint-leader') meta: CommandMeta): Promise<LeaderAppointedDto> {
    const outcome = await this.commands.execute<AppointPrincipalLeaderCommand, CommandOutcome>(
      new AppointPrincipalLeaderCommand({ ...plain(body), uscc }, meta),
    );
    return { uscc, personId: body.personId, position: outcome.position };
  }
}
