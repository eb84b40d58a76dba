import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { GetOfficialArchiveQuery, OfficialArchive, ProblemException, Roles } from '@app/application';
import { KnownAtQueryDto } from '../http/read-query.dto';
import { PERSON_ID_PATTERN } from '../http/validators';

@ApiTags('archive')
@ApiBearerAuth()
@Controller('v1/officials')
export class OfficialArchiveController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':personId/archive')
  @Roles('credit-office', 'auditor', 'discipline')
  @ApiOkResponse({
    description:
      'The archive of an official: records about them, accountability, signed commitments, leadership terms (`appointments`, each with the `until` the institution archive shows for that term: the day before the next appointment there; absent while no later appointment is on record, and with `knownAt` one recorded after that instant does not end it)',
  })
  archive(@Param('personId') personId: string, @Query() query: KnownAtQueryDto): Promise<OfficialArchive> {
    if (!PERSON_ID_PATTERN.test(personId)) throw new ProblemException(400, 'VALIDATION_FAILED', 'personId must be 1–64 of A-Za-z0-9_-', { errors: [{ field: 'personId', message: 'bad format' }] });
    return this.queries.execute(new GetOfficialArchiveQuery(personId, query.knownAt));
  }
}
