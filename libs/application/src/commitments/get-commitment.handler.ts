import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Clock, EventLedger } from '@app/event-store';
import { assertActsFor } from '../command-support/preconditions';
import { loadCommitment } from '../command-support/stream-loaders';
import { ProblemException } from '../http/problem';
import { businessToday, CLOCK } from '../time/clock';
import { CommitmentView, commitmentView } from './commitment-view';
import { GetCommitmentQuery } from './get-commitment.query';

/** Folded from the commitment's stream, with the revision for ETag / If-Match. */
@QueryHandler(GetCommitmentQuery)
export class GetCommitmentHandler implements IQueryHandler<GetCommitmentQuery, { view: CommitmentView; revision: number }> {
  constructor(
    private readonly ledger: EventLedger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ commitmentId, principal }: GetCommitmentQuery): Promise<{ view: CommitmentView; revision: number }> {
    const { state, revision, events } = await loadCommitment(this.ledger, commitmentId);
    if (state.status !== 'MADE' || revision === 'no_stream') throw new ProblemException(404, 'NOT_FOUND', `commitment ${commitmentId} not found`);
    assertActsFor(principal, state.institutionUscc, 'commitments');
    return { view: commitmentView(state, events, businessToday(this.clock)), revision };
  }
}
