import { DishonestyRecord, DomainError, isValidUscc } from '@app/domain';
import { ProblemException } from '../http/problem';
import type { Principal } from '../auth/roles';

/**
 * An `If-Match` revision that is not the stream's current one (api.md "Concurrency"). The
 * problem filter answers it with 412 PRECONDITION_FAILED.
 */
export class PreconditionFailedError extends Error {
  readonly code = 'PRECONDITION_FAILED';
  constructor(
    readonly streamId: string,
    readonly expected: number,
    readonly actual: number | 'no_stream',
  ) {
    super(
      actual === 'no_stream'
        ? `If-Match "${expected}" names a revision, but the resource does not exist yet (a create takes no If-Match)`
        : `If-Match "${expected}" does not match the current revision "${String(actual)}" of the resource`,
    );
    this.name = 'PreconditionFailedError';
  }
}

/** A `subject` token speaks for one institution only; other roles act for any (api.md "Auth"). */
export function assertActsFor(principal: Principal, uscc: string, what: string): void {
  if (principal.role === 'subject' && principal.uscc !== uscc) {
    throw new ProblemException(403, 'FORBIDDEN', `a subject may only act on ${what} of its own institution`);
  }
}

/**
 * A `subject` speaks for its own institution: the records naming it — about the institution, or
 * about one of its officials (made against the official serving there, as recordInstitutionUscc).
 */
export function assertActsForRecord(principal: Principal, record: DishonestyRecord): void {
  assertActsFor(principal, record.subject.kind === 'INSTITUTION' ? record.subject.id : record.subject.institutionUscc, 'records');
}

/** USCCs in paths are checked before any stream is read, with their own code (api.md). */
export function assertValidUscc(field: string, value: string): void {
  if (!isValidUscc(value)) {
    throw new DomainError('INVALID_USCC', `${field} is not a valid unified social credit code`, {
      errors: [{ field, message: 'GB 32100 check character mismatch or bad format' }],
    });
  }
}
