import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CommandMeta,
  CurrentPrincipal,
  GetRecordQuery,
  Principal,
  RecordDishonestyCommand,
  RecordOutcome,
  RecordView,
  Roles,
} from '@app/application';
import type { Request, Response } from 'express';
import { ApiCommand, ApiProblems } from '../http/api-docs';
import { Meta } from '../http/command-meta.decorator';
import { plain } from '../http/plain';
import { ReadQueryDto } from '../http/read-query.dto';
import { REVISION_ETAG_CACHE_CONTROL, setRevisionETag } from '../http/revision-etag';
import { RecordViewDto } from './record-view.dto';
import { RecordDishonestyDto, RecordResultDto } from './records.dto';

@ApiTags('records')
@Controller('v1/records')
export class RecordsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiCommand({
    summary: '政务失信记录 (DishonestyRecorded); the policy version in force on finding.findingOn is fixed into the record',
    roles: ['credit-office'],
    status: 201,
    type: RecordResultDto,
    description:
      'The subject must be registered: the institution, or the official at the institution named (404 SUBJECT_NOT_FOUND). ' +
      'A commitmentId must name an existing commitment (404 COMMITMENT_NOT_FOUND) of the record’s institution — the subject, or where the official serves ' +
      '(422 COMMITMENT_OF_ANOTHER_INSTITUTION); a commitment fulfilled by its due date was kept and is refused (422 COMMITMENT_FULFILLED, with fulfilledOn; one fulfilled late is accepted), ' +
      'a breached or still open one is accepted; occurredOn may not be before the commitment’s madeOn (400 on occurredOn). ' +
      'An existing recordId is 409 CONFLICT. A refused command appends nothing.',
  })
  async record(@Body() body: RecordDishonestyDto, @Meta('record-dishonesty') meta: CommandMeta): Promise<RecordResultDto> {
    const { subject, finding, ...rest } = plain(body);
    const data = {
      ...rest,
      subject: subject.kind === 'OFFICIAL' ? { kind: 'OFFICIAL' as const, id: subject.id, institutionUscc: subject.institutionUscc! } : { kind: 'INSTITUTION' as const, id: subject.id },
      finding,
    };
    const outcome = await this.commands.execute<RecordDishonestyCommand, RecordOutcome>(new RecordDishonestyCommand(data, meta));
    return { recordId: outcome.recordId, position: outcome.position };
  }

  @Get(':id')
  @Roles('credit-office', 'supervisor', 'auditor', 'discipline', 'subject')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'One record as in the archive, folded from its stream, with fields computed for today; ETag: "<stream revision>" (for If-Match; never a 304). A subject reads its own institution\'s only.' })
  @ApiOkResponse({
    type: RecordViewDto,
    headers: {
      ETag: { description: 'The stream revision, for If-Match; not a validator of the body (fields computed for today change at the same revision), so If-None-Match never gets 304', schema: { type: 'string' } },
      'Cache-Control': { description: 'Stored copies must be revalidated on every use', schema: { type: 'string', example: REVISION_ETAG_CACHE_CONTROL } },
    },
  })
  @ApiProblems(400, 401, 403, 404, 503)
  async get(
    @Param('id') recordId: string,
    @Query() _query: ReadQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RecordView> {
    const { view, revision } = await this.queries.execute<GetRecordQuery, { view: RecordView; revision: number }>(new GetRecordQuery(recordId, principal));
    setRevisionETag(request, response, revision);
    return view;
  }
}
