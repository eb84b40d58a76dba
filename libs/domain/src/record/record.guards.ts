import { DomainError } from '../shared/domain-error';
import { DishonestyRecord, RecordState } from './record.state';

export function requireRecord(state: RecordState): DishonestyRecord {
  if (state.status === 'NONE') throw new DomainError('NOT_FOUND', 'record not found');
  return state;
}

/** A revoked record was wrong from the start: nothing more may happen to it. */
export function requireActiveRecord(state: RecordState): DishonestyRecord {
  const record = requireRecord(state);
  if (record.status === 'REVOKED') throw new DomainError('RECORD_REVOKED', `record ${record.recordId} is revoked`);
  return record;
}

/** Sequential ids inside one record stream: deterministic, so replays and retries agree. */
export const nextId = (prefix: string, existing: readonly unknown[]): string => `${prefix}-${existing.length + 1}`;
