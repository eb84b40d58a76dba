import {
  CheckEvent,
  CheckState,
  evolveCheck,
  initialCheckState,
  CommitmentEvent,
  CommitmentState,
  evolveCommitment,
  evolveExemplar,
  evolveInstitution,
  evolveRecord,
  ExemplarEvent,
  ExemplarState,
  initialCommitmentState,
  initialExemplarState,
  initialInstitutionState,
  initialRecordState,
  InstitutionEvent,
  InstitutionState,
  RecordEvent,
  RecordState,
  streamNames,
} from '@app/domain';
import type { EventLedger, StoredEvent } from '@app/event-store';
import { loadStream } from '../command-handling/decide-and-append';
import type { FoldedStreams } from './folded-streams';

export interface Loaded<S> {
  state: S;
  revision: number | 'no_stream';
  events: StoredEvent[];
}

/** Folds of the domain's streams, each with the revision read (for the append and the ETag). */
export const loadInstitution = (ledger: EventLedger, uscc: string): Promise<Loaded<InstitutionState>> =>
  loadStream(ledger, streamNames.institution(uscc), initialInstitutionState, (s, e) => evolveInstitution(s, e as InstitutionEvent));

export const loadCommitment = (ledger: EventLedger, commitmentId: string): Promise<Loaded<CommitmentState>> =>
  loadStream(ledger, streamNames.commitment(commitmentId), initialCommitmentState, (s, e) => evolveCommitment(s, e as CommitmentEvent));

export const loadRecord = (ledger: EventLedger, recordId: string): Promise<Loaded<RecordState>> =>
  loadStream(ledger, streamNames.record(recordId), initialRecordState, (s, e) => evolveRecord(s, e as RecordEvent));

export const loadExemplar = (ledger: EventLedger, exemplarId: string): Promise<Loaded<ExemplarState>> =>
  loadStream(ledger, streamNames.exemplar(exemplarId), initialExemplarState, (s, e) => evolveExemplar(s, e as ExemplarEvent));

export const loadCheck = (ledger: EventLedger, checkId: string): Promise<Loaded<CheckState>> =>
  loadStream(ledger, streamNames.check(checkId), initialCheckState, (s, e) => evolveCheck(s, e as CheckEvent));

/** The institution a record is about: the subject itself, or where the official serves. */
export function recordInstitutionUscc(state: RecordState): string | undefined {
  if (state.status === 'NONE') return undefined;
  return state.subject.kind === 'INSTITUTION' ? state.subject.id : state.subject.institutionUscc;
}

/**
 * A record's state for a rule that reads it without writing it, from the fold cache: no read
 * when the stream is still at `knownRevision` (from the stream index, read after the request came).
 */
export const foldRecord = (folds: FoldedStreams, ledger: EventLedger, recordId: string, knownRevision: number | undefined) =>
  folds.load(ledger, streamNames.record(recordId), knownRevision, initialRecordState, (s, e) => evolveRecord(s, e as RecordEvent));

export const foldCommitment = (folds: FoldedStreams, ledger: EventLedger, commitmentId: string, knownRevision: number | undefined) =>
  folds.load(ledger, streamNames.commitment(commitmentId), knownRevision, initialCommitmentState, (s, e) =>
    evolveCommitment(s, e as CommitmentEvent),
  );
