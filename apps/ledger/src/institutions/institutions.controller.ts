import { Body, Controller, Get, Headers, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  AppendOutcome,
  CurrentPrincipal,
  GetInstitutionArchiveQuery,
  InstitutionArchive,
  Principal,
  ProblemException,
  RegisterInstitutionCommand,
  Roles,
} from '@app/application';
import { ApiCommand } from '../http/api-docs';
import { commandContext } from '../http/command-context';
import { parseIfMatch } from '../http/if-match';
import { KnownAtQueryDto } from '../http/read-query.dto';
import { InstitutionRegisteredDto, RegisterInstitutionDto } from './register-institution.dto';

@ApiTags('institutions')
@ApiBearerAuth()
@Controller('v1/institutions')
export class InstitutionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiCommand({
    summary: 'Register an institution',
    roles: ['registrar'],
    status: 201,
    type: InstitutionRegisteredDto,
    description: 'An existing uscc is 409 CONFLICT; a parentUscc must name a registered institution (404 SUBJECT_NOT_FOUND).',
  })
  async register(
    @Body() body: RegisterInstitutionDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey?: string,
    @Headers('if-match') ifMatch?: string,
  ): Promise<InstitutionRegisteredDto> {
    const outcome = await this.commands.execute<RegisterInstitutionCommand, AppendOutcome>(
      new RegisterInstitutionCommand(body, commandContext(principal, idempotencyKey, 'register-institution', body), parseIfMatch(ifMatch)),
    );
    return { uscc: body.uscc, position: outcome.position };
  }

  @Get(':uscc/archive')
  @Roles('credit-office', 'supervisor', 'auditor', 'discipline', 'subject')
  @ApiOkResponse({ description: 'The integrity archive (诚信档案) of the institution' })
  archive(@Param('uscc') uscc: string, @Query() query: KnownAtQueryDto, @CurrentPrincipal() principal: Principal): Promise<InstitutionArchive> {
    if (principal.role === 'subject' && principal.uscc !== uscc) {
      throw new ProblemException(403, 'FORBIDDEN', 'a subject may only read its own archive');
    }
    return this.queries.execute(new GetInstitutionArchiveQuery(uscc, query.knownAt, principal));
  }
}
