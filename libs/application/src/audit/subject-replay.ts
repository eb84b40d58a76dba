import {
  CheckEvent,
  CommitmentEvent,
  DomainEvent,
  evolveCheck,
  evolveCommitment,
  evolveExemplar,
  evolveInstitution,
  evolveRecord,
  ExemplarEvent,
  initialCheckState,
  initialCommitmentState,
  initialExemplarState,
  initialInstitutionState,
  initialRecordState,
  InstitutionEvent,
  parseStreamName,
  RecordEvent,
  StreamCategory,
  upcast,
} from '@app/domain';
import type { StoredEvent } from '@app/event-store';
import { diffState, StateChange } from './state-diff';
import type { LoadedHistory } from './subject-history';

interface Fold {
  initial: () => unknown;
  evolve: (state: unknown, event: DomainEvent) => unknown;
}

/** The domain's own `evolve` per stream category: the replay shows state exactly as the deciders see it. */
const FOLDS: Record<StreamCategory, Fold> = {
  institution: { initial: initialInstitutionState, evolve: (s, e) => evolveInstitution(s as never, e as InstitutionEvent) },
  commitment: { initial: initialCommitmentState, evolve: (s, e) => evolveCommitment(s as never, e as CommitmentEvent) },
  record: { initial: initialRecordState, evolve: (s, e) => evolveRecord(s as never, e as RecordEvent) },
  exemplar: { initial: initialExemplarState, evolve: (s, e) => evolveExemplar(s as never, e as ExemplarEvent) },
  check: { initial: initialCheckState, evolve: (s, e) => evolveCheck(s as never, e as CheckEvent) },
};

/** Why the event happened: who, by which command, in answer to what. */
export interface ReplayCause {
  actor: { sub: string; role: string } | null;
  commandId: string | null;
  correlationId: string | null;
  causationId: string | null;
  /** The event this one reacted to, when the causation id is an event of this history. */
  causedBy?: { position: string; streamId: string; type: string };
}

export interface ReplayStep {
  position: string;
  streamId: string;
  revision: number;
  type: string;
  recordedAt: string;
  why: ReplayCause;
  /** What the event changed in its stream's state. */
  changes: StateChange[];
  /** The stream's state after the event (not set when the replay was asked for without states). */
  state?: unknown;
  /** Set when the event could not be folded (unknown type or schema version). */
  note?: string;
}

export interface SubjectReplay {
  steps: ReplayStep[];
  /** Each stream's state after its last event in the history. */
  finalStates: Record<string, unknown>;
}

/** The domain event a stored one stands for, upcast from the schema version it was written with. */
function domainEventOf(event: StoredEvent): DomainEvent {
  return upcast({ type: event.type, schemaVersion: Number(event.metadata.schemaVersion ?? 1), data: event.data });
}

function causeOf(event: StoredEvent, byEventId: Map<string, StoredEvent>): ReplayCause {
  const meta = event.metadata as Record<string, unknown>;
  const actor = meta.actor as { sub?: unknown; role?: unknown } | undefined;
  const causationId = typeof meta.causationId === 'string' ? meta.causationId : null;
  const cause = causationId ? byEventId.get(causationId) : undefined;
  return {
    actor: actor ? { sub: String(actor.sub), role: String(actor.role) } : null,
    commandId: typeof meta.commandId === 'string' ? meta.commandId : null,
    correlationId: typeof meta.correlationId === 'string' ? meta.correlationId : null,
    causationId,
    ...(cause && cause !== event && { causedBy: { position: String(cause.position), streamId: cause.streamId, type: cause.type } }),
  };
}

/**
 * Folds every stream of the history with the domain's `evolve` and, for each event shown, what
 * it changed. A stream the subject is only mentioned in (an official's appointments in an
 * institution's stream) is still folded from its first event, so its states are the real ones.
 * Only events before the history's `knownAt` cut are folded.
 */
export function replayHistory(history: LoadedHistory, options: { withStates?: boolean } = {}): SubjectReplay {
  const shown = new Set(history.events);
  const cut = history.cutPosition;
  const byEventId = new Map<string, StoredEvent>();
  for (const stream of history.streams) for (const event of stream.events) byEventId.set(event.id, event);

  const steps: ReplayStep[] = [];
  const finalStates: Record<string, unknown> = {};
  for (const stream of history.streams) {
    const category = parseStreamName(stream.streamId)?.category;
    const fold = category ? FOLDS[category] : undefined;
    let state = fold?.initial();
    for (const event of stream.events) {
      if (cut !== undefined && event.position >= cut) break;
      const before = state;
      let note: string | undefined;
      if (fold) {
        try {
          state = fold.evolve(state, domainEventOf(event));
        } catch (error) {
          note = `not folded: ${(error as Error).message}`;
        }
      } else {
        note = 'not folded: the stream belongs to no domain category';
      }
      if (!shown.has(event)) continue;
      steps.push({
        position: String(event.position),
        streamId: event.streamId,
        revision: event.revision,
        type: event.type,
        recordedAt: String(event.metadata.recordedAt ?? ''),
        why: causeOf(event, byEventId),
        changes: diffState(before, state),
        ...(options.withStates && { state }),
        ...(note && { note }),
      });
    }
    finalStates[stream.streamId] = state;
  }
  steps.sort((a, b) => Number(a.position) - Number(b.position));
  return { steps, finalStates };
}

/** The fold alone: each stream's state after the history, nothing recorded on the way. */
export function foldHistory(history: LoadedHistory): Record<string, unknown> {
  const cut = history.cutPosition;
  const states: Record<string, unknown> = {};
  for (const stream of history.streams) {
    const category = parseStreamName(stream.streamId)?.category;
    const fold = category ? FOLDS[category] : undefined;
    if (!fold) continue;
    let state = fold.initial();
    for (const event of stream.events) {
      if (cut !== undefined && event.position >= cut) break;
      try {
        state = fold.evolve(state, domainEventOf(event));
      } catch {
        // Unknown type or schema version: left out, as `replayHistory` notes it.
      }
    }
    states[stream.streamId] = state;
  }
  return states;
}
