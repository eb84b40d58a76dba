import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ProblemException, Roles } from '@app/application';
import { AuditLogService, AuditVerification, EventInPlace, eventsInPlace, LogDigest, SignedLogDigest } from '@app/application/audit';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { readEventsAt } from '@app/event-store/ledger/provenance';
import { ReadQueryDto } from '../http/read-query.dto';
import { EventsAtQueryDto, VerifyQueryDto } from './audit-query.dto';

export interface EventsAt {
  events: EventInPlace[];
  /** Positions asked for that hold no event. */
  missing: string[];
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit')
export class AuditController {
  constructor(
    private readonly audit: AuditLogService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** The rolling digest through the head; signed (Ed25519) when LEDGER_SIGNING_KEY is set. Keep it outside the system. */
  @Get('digest')
  @Roles('auditor')
  @ApiOkResponse({ description: '{position, digest, eventCount} and, when signing is configured, {algorithm, signature, publicKey}' })
  digest(@Query() _query: ReadQueryDto): Promise<LogDigest | SignedLogDigest> {
    return this.audit.publishedDigest();
  }

  /** Recomputes every hash, chain link and the rolling digest; with position + digest also proves that prefix unchanged. */
  @Get('verify')
  @Roles('auditor')
  @ApiOkResponse({ description: '{ok, checkedEvents, position, digest, firstBadPosition?, problem?, detail?, checkpoint?}' })
  verify(@Query() query: VerifyQueryDto): Promise<AuditVerification> {
    if ((query.position === undefined) !== (query.digest === undefined)) {
      const field = query.position === undefined ? 'position' : 'digest';
      throw new ProblemException(400, 'VALIDATION_FAILED', 'position and digest go together: a saved digest is both', {
        errors: [{ field, message: 'is required with the other' }],
      });
    }
    if (query.position !== undefined && Number(query.position) < 1) {
      throw new ProblemException(400, 'VALIDATION_FAILED', 'position must be at least 1', { errors: [{ field: 'position', message: 'must be at least 1' }] });
    }
    const checkpoint = query.position !== undefined ? { position: Number(query.position), digest: query.digest! } : undefined;
    return this.audit.verify({ checkpoint });
  }

  /**
   * The events at the given positions (e.g. a provenance), each with its hash recomputed: "why is
   * this institution on the list" answered by the log itself.
   */
  @Get('events')
  @Roles('auditor')
  @ApiOkResponse({
    description:
      '{events: [{position, streamId, revision, type, data, metadata, prevHash, hash, idValid, hashValid, prevHashLinked, anchorValid?, verified}], missing}: ' +
      'idValid checks the stored id is the eventId the hash covers; hashValid recomputes the hash from the event alone; prevHashLinked checks it follows its stream’s previous event; anchorValid (embedded store) that it sits in the log’s digest chain',
  })
  async eventsAt(@Query() query: EventsAtQueryDto): Promise<EventsAt> {
    const positions = query.positions.split(',').map(Number);
    const found = await readEventsAt(this.store, positions);
    const at = new Set(found.map((event) => event.position));
    return {
      events: await eventsInPlace(this.store, found),
      missing: [...new Set(positions)].filter((p) => !at.has(p)).sort((a, b) => a - b).map(String),
    };
  }
}
