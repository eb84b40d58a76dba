import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { ProblemException, ReadSide, Roles } from '@app/application';
import { InvalidSubjectError, parseInstant, SubjectHistory, SubjectHistoryReader, SubjectNotFoundError, subjectRef } from '@app/application/audit';
import { SubjectHistoryQueryDto } from './audit-query.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/subjects')
export class SubjectHistoryController {
  constructor(
    private readonly histories: SubjectHistoryReader,
    private readonly readSide: ReadSide,
  ) {}

  /**
   * Every event of every stream that concerns the subject, in global order, straight from the
   * log, with each stream's hash chain checked in full.
   */
  @Get(':kind/:id/history')
  @Roles('auditor')
  @ApiParam({ name: 'kind', enum: ['INSTITUTION', 'OFFICIAL'] })
  @ApiParam({ name: 'id', description: 'USCC of an institution, or personId of an official' })
  @ApiOkResponse({ description: '{subject, events: [{position, streamId, revision, type, data, metadata, prevHash, hash}], verified, streams, asOf}' })
  async history(@Param('kind') kind: string, @Param('id') id: string, @Query() query: SubjectHistoryQueryDto): Promise<SubjectHistory> {
    const knownAt = query.knownAt === undefined ? undefined : parseInstant(query.knownAt);
    if (query.knownAt !== undefined && !knownAt) {
      throw new ProblemException(400, 'VALIDATION_FAILED', 'knownAt is not a real instant', {
        errors: [{ field: 'knownAt', message: 'must be a real ISO-8601 instant' }],
      });
    }
    // What the log held at an instant still to come is no history: 400 DATE_IN_FUTURE, as on the read side.
    if (knownAt) this.readSide.refuseFutureKnownAt(knownAt);
    try {
      return await this.histories.history(subjectRef(kind, id), knownAt);
    } catch (error) {
      if (error instanceof InvalidSubjectError) {
        throw new ProblemException(400, error.code, error.message, { errors: [{ field: error.field, message: error.message }] });
      }
      if (error instanceof SubjectNotFoundError) throw new ProblemException(404, 'NOT_FOUND', error.message);
      throw error;
    }
  }
}
