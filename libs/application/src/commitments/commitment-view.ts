import { BusinessDate, CommitmentBreached, commitmentStatusOn, MadeCommitment } from '@app/domain';
import type { StoredEvent } from '@app/event-store';

/** One commitment "as in the archive" (api.md), its derived status (OVERDUE …) as of `today`. */
export function commitmentView(commitment: MadeCommitment, events: readonly StoredEvent[], today: BusinessDate) {
  const { status: _made, outcome, amendments, ...terms } = commitment;
  const breach = events.find((e) => e.type === 'CommitmentBreached')?.data as CommitmentBreached['data'] | undefined;
  return {
    ...terms,
    status: commitmentStatusOn(commitment, today) ?? 'OPEN',
    ...(outcome.kind === 'FULFILLED' && { fulfilment: { on: outcome.on, evidence: outcome.evidence } }),
    ...(outcome.kind === 'BREACHED' &&
      breach && {
        breach: {
          on: breach.on,
          recordId: breach.recordId,
          description: breach.description,
          documentNo: breach.documentNo,
          authority: breach.authority,
          severity: breach.severity,
        },
      }),
    amendments,
  };
}

export type CommitmentView = ReturnType<typeof commitmentView>;
