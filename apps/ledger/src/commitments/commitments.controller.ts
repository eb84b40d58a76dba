import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AmendCommitmentCommand,
  BreachCommitmentCommand,
  BreachOutcome,
  CommandMeta,
  CommandOutcome,
  CommitmentOutcome,
  CommitmentView,
  CurrentPrincipal,
  FulfilCommitmentCommand,
  GetCommitmentQuery,
  MakeCommitmentCommand,
  Principal,
  Roles,
} from '@app/application';
import type { Request, Response } from 'express';
import { ApiCommand, ApiProblems } from '../http/api-docs';
import { Meta } from '../http/command-meta.decorator';
import { plain } from '../http/plain';
import { ReadQueryDto } from '../http/read-query.dto';
import { REVISION_ETAG_CACHE_CONTROL, setRevisionETag } from '../http/revision-etag';
import {
  AmendCommitmentDto,
  BreachCommitmentDto,
  BreachResultDto,
  CommitmentResultDto,
  CommitmentViewDto,
  FulfilCommitmentDto,
  MakeCommitmentDto,
} from './commitments.dto';

@ApiTags('commitments')
@Controller('v1/commitments')
export class CommitmentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiCommand({
    summary: '公开承诺 (CommitmentMade), signed by the principal leader in office on madeOn',
    roles: ['registrar'],
    status: 201,
    type: CommitmentResultDto,
  })
  async make(@Body() body: MakeCommitmentDto, @Meta('make-commitment') meta: CommandMeta): Promise<CommitmentResultDto> {
    const outcome = await this.commands.execute<MakeCommitmentCommand, CommitmentOutcome>(new MakeCommitmentCommand(plain(body), meta));
    return { commitmentId: outcome.commitmentId, position: outcome.position };
  }

  @Get(':id')
  @Roles('registrar', 'credit-office', 'supervisor', 'auditor', 'subject')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'One commitment as in the archive, folded from its stream, with fields computed for today; ETag: "<stream revision>" (for If-Match; never a 304). A subject reads its own only.' })
  @ApiOkResponse({
    type: CommitmentViewDto,
    headers: {
      ETag: { description: 'The stream revision, for If-Match; not a validator of the body (fields computed for today change at the same revision), so If-None-Match never gets 304', schema: { type: 'string' } },
      'Cache-Control': { description: 'Stored copies must be revalidated on every use', schema: { type: 'string', example: REVISION_ETAG_CACHE_CONTROL } },
    },
  })
  @ApiProblems(400, 401, 403, 404, 503)
  async get(
    @Param('id') commitmentId: string,
    @Query() _query: ReadQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommitmentView> {
    const { view, revision } = await this.queries.execute<GetCommitmentQuery, { view: CommitmentView; revision: number }>(
      new GetCommitmentQuery(commitmentId, principal),
    );
    setRevisionETag(request, response, revision);
    return view;
  }

  @Post(':id/fulfilment')
  @ApiCommand({ summary: 'CommitmentFulfilled', roles: ['registrar'], status: 200, type: CommitmentResultDto, ifMatch: true })
  async fulfil(@Param('id') commitmentId: string, @Body() body: FulfilCommitmentDto, @Meta('fulfil-commitment') meta: CommandMeta): Promise<CommitmentResultDto> {
    const outcome = await this.commands.execute<FulfilCommitmentCommand, CommandOutcome>(new FulfilCommitmentCommand({ ...plain(body), commitmentId }, meta));
    return { commitmentId, position: outcome.position };
  }

  @Post(':id/breach')
  @ApiCommand({
    summary: 'CommitmentBreached; opens a dishonesty record (COMMITMENT_UNFULFILLED, GENERAL unless said otherwise) linked by causation',
    roles: ['credit-office'],
    status: 201,
    type: BreachResultDto,
    ifMatch: true,
  })
  async breach(@Param('id') commitmentId: string, @Body() body: BreachCommitmentDto, @Meta('breach-commitment') meta: CommandMeta): Promise<BreachResultDto> {
    const outcome = await this.commands.execute<BreachCommitmentCommand, BreachOutcome>(new BreachCommitmentCommand({ ...plain(body), commitmentId }, meta));
    return { commitmentId, recordId: outcome.recordId, position: outcome.position };
  }

  @Post(':id/amendments')
  @ApiCommand({
    summary: 'CommitmentAmended — lawful reasons only; a change of leader or government term is refused',
    roles: ['registrar'],
    status: 200,
    type: CommitmentResultDto,
    ifMatch: true,
  })
  async amend(@Param('id') commitmentId: string, @Body() body: AmendCommitmentDto, @Meta('amend-commitment') meta: CommandMeta): Promise<CommitmentResultDto> {
    const outcome = await this.commands.execute<AmendCommitmentCommand, CommandOutcome>(new AmendCommitmentCommand({ ...plain(body), commitmentId }, meta));
    return { commitmentId, position: outcome.position };
  }
}
