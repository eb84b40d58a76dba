/** Hand-made client-shaped events for the server-less unit tests of this folder. */
import type { AllStreamResolvedEvent, RecordedEvent } from '@eventstore/db-client';

let counter = 0;

export function recorded(overrides: Partial<Record<keyof RecordedEvent, unknown>> = {}): RecordedEvent {
  counter += 1;
  const prepare = BigInt(1000 + counter * 100);
  return {
    streamId: 'ledger-1',
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    isJson: true,
    revision: 0n,
    type: 'Happened',
    created: new Date(0),
    data: { n: counter },
    metadata: { actor: 'test' },
    position: { commit: prepare, prepare },
    ...overrides,
  } as RecordedEvent;
}

/** A `$all` message carrying a user event at log position `at` (commit = prepare, as for gRPC writes). */
export function at(position: number, overrides: Partial<Record<keyof RecordedEvent, unknown>> = {}): AllStreamResolvedEvent {
  const p = BigInt(position);
  return {
    event: recorded({ position: { commit: p, prepare: p }, data: { at: position }, ...overrides }),
    commitPosition: p,
  } as AllStreamResolvedEvent;
}
