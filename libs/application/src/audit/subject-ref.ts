import { isValidPersonId, isValidUscc, SUBJECT_KINDS, SubjectKind } from '@app/domain';

/** Whom a history is about: an institution (by USCC) or an official (by personId). */
export interface SubjectRef {
  kind: SubjectKind;
  id: string;
}

export class InvalidSubjectError extends Error {
  constructor(
    readonly code: 'VALIDATION_FAILED' | 'INVALID_USCC',
    readonly field: 'kind' | 'id',
    message: string,
  ) {
    super(message);
    this.name = 'InvalidSubjectError';
  }
}

/** `kind` case-insensitively (`institution`, `OFFICIAL`); the id checked as the kind requires. */
export function subjectRef(kind: string, id: string): SubjectRef {
  const upper = kind.toUpperCase();
  if (!(SUBJECT_KINDS as readonly string[]).includes(upper)) {
    throw new InvalidSubjectError('VALIDATION_FAILED', 'kind', `kind must be one of ${SUBJECT_KINDS.join(', ')} (got "${kind}")`);
  }
  if (upper === 'INSTITUTION' && !isValidUscc(id)) {
    throw new InvalidSubjectError('INVALID_USCC', 'id', `${id} is not a valid unified social credit code`);
  }
  if (upper === 'OFFICIAL' && !isValidPersonId(id)) {
    throw new InvalidSubjectError('VALIDATION_FAILED', 'id', 'an official is named by a personId of 1–64 of A-Za-z0-9_-');
  }
  return { kind: upper as SubjectKind, id };
}

/** `INSTITUTION:11370100MB2850123X` or `official:p-li`, as the CLI takes it. */
export function parseSubjectRef(text: string): SubjectRef {
  const colon = text.indexOf(':');
  if (colon <= 0) throw new InvalidSubjectError('VALIDATION_FAILED', 'kind', `expected KIND:ID, e.g. INSTITUTION:<uscc> or OFFICIAL:<personId> (got "${text}")`);
  return subjectRef(text.slice(0, colon), text.slice(colon + 1));
}
