import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandMeta, CommandOutcome, DecideObjectionCommand, FileObjectionCommand, ProblemException } from '@app/application';
import { ApiCommand } from '../http/api-docs';
import { Meta } from '../http/command-meta.decorator';
import { plain } from '../http/plain';
import { DecideObjectionDto, FileObjectionDto, ObjectionDecidedDto, ObjectionFiledDto } from './records.dto';

/** 异议 and its decision. */
@ApiTags('records')
@Controller('v1/records/:id/objections')
export class ObjectionsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiCommand({
    summary: 'ObjectionFiled — the subject (its own records only) or the credit office; the record is flagged under objection until decided',
    roles: ['subject', 'credit-office'],
    status: 201,
    type: ObjectionFiledDto,
    ifMatch: true,
  })
  async file(@Param('id') recordId: string, @Body() body: FileObjectionDto, @Meta('file-objection') meta: CommandMeta): Promise<ObjectionFiledDto> {
    const outcome = await this.commands.execute<FileObjectionCommand, CommandOutcome & { objectionId: string }>(new FileObjectionCommand({ ...plain(body), recordId }, meta));
    return { recordId, objectionId: outcome.objectionId, position: outcome.position };
  }

  @Post(':objectionId/decision')
  @ApiCommand({
    summary: 'ObjectionDecided with REJECTED, CORRECTED (+ RecordCorrected), RECORD_REVOKED or LISTING_REVOKED and their consequences',
    roles: ['credit-office'],
    status: 200,
    type: ObjectionDecidedDto,
    ifMatch: true,
  })
  async decide(
    @Param('id') recordId: string,
    @Param('objectionId') objectionId: string,
    @Body() body: DecideObjectionDto,
    @Meta('decide-objection') meta: CommandMeta,
  ): Promise<ObjectionDecidedDto> {
    if (body.corrections !== undefined && body.outcome !== 'CORRECTED') {
      throw new ProblemException(400, 'VALIDATION_FAILED', 'corrections are given with outcome CORRECTED only', {
        errors: [{ field: 'corrections', message: 'only with outcome CORRECTED' }],
      });
    }
    const { corrections, ...rest } = plain(body);
    const outcome = await this.commands.execute<DecideObjectionCommand, CommandOutcome>(
      new DecideObjectionCommand({ ...rest, ...(corrections && { corrections }), recordId, objectionId }, meta),
    );
    return { recordId, objectionId, outcome: body.outcome, position: outcome.position };
  }
}
