import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Clock, EventLedger } from '@app/event-store';
import { assertActsForRecord } from '../command-support/preconditions';
import { loadRecord } from '../command-support/stream-loaders';
import { ProblemException } from '../http/problem';
import { businessToday, CLOCK } from '../time/clock';
import { GetRecordQuery } from './get-record.query';
import { RecordView, recordView } from './record-view';

/**
 * Folded from the record's stream, not the read model: the answer carries the exact stream
 * revision a client sends back in If-Match.
 */
@QueryHandler(GetRecordQuery)
export class GetRecordHandler implements IQueryHandler<GetRecordQuery, { view: RecordView; revision: number }> {
  constructor(
    private readonly ledger: EventLedger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ recordId, principal }: GetRecordQuery): Promise<{ view: RecordView; revision: number }> {
    const { state, revision, events } = await loadRecord(this.ledger, recordId);
    if (state.status === 'NONE' || revision === 'no_stream') throw new ProblemException(404, 'NOT_FOUND', `record ${recordId} not found`);
    assertActsForRecord(principal, state);
    return { view: recordView(state, events, businessToday(this.clock)), revision };
  }
}
