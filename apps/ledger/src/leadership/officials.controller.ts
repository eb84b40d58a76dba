import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandMeta, CommandOutcome, RegisterOfficialCommand } from '@app/application';
import { ApiCommand } from '../http/api-docs';
import { Meta } from '../http/command-meta.decorator';
import { plain } from '../http/plain';
import { OfficialRegisteredDto, RegisterOfficialDto } from './leadership.dto';

@ApiTags('officials')
@Controller('v1/officials')
export class OfficialsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiCommand({ summary: 'Register an official (OfficialRegistered); a personId already known anywhere → 409', roles: ['registrar'], status: 201, type: OfficialRegisteredDto })
  async register(@Body() body: RegisterOfficialDto, @Meta('register-official') meta: CommandMeta): Promise<OfficialRegisteredDto> {
    const outcome = await this.commands.execute<RegisterOfficialCommand, CommandOutcome>(new RegisterOfficialCommand(plain(body), meta));
    return { personId: body.personId, position: outcome.position };
  }
}
