/**
 * Every refusal of the domain is a DomainError with a stable UPPER_SNAKE code.
 * The HTTP layer maps `httpStatus` once (problem+json); nothing else decides statuses.
 */
export const DOMAIN_ERROR_CODES = {
  // 400 — the command itself is malformed
  VALIDATION_FAILED: 400,
  INVALID_USCC: 400,
  // 404 — the thing the command is about does not exist
  NOT_FOUND: 404,
  SUBJECT_NOT_FOUND: 404,
  COMMITMENT_NOT_FOUND: 404,
  OBJECTION_NOT_FOUND: 404,
  RECTIFICATION_REPORT_NOT_FOUND: 404,
  REPAIR_APPLICATION_NOT_FOUND: 404,
  AWARD_BAN_NOT_FOUND: 404,
  // 409 — it already exists / was already done
  CONFLICT: 409,
  // 422 — a rule of domain.md refuses the command
  DATE_IN_FUTURE: 422,
  SIGNATORY_NOT_PRINCIPAL_LEADER: 422,
  LEADERSHIP_CHANGE_IS_NOT_A_LAWFUL_REASON: 422,
  COMMITMENT_NOT_OPEN: 422,
  COMMITMENT_OF_ANOTHER_INSTITUTION: 422,
  COMMITMENT_FULFILLED: 422,
  RECORD_REVOKED: 422,
  RECTIFICATION_ONLY_FOR_INSTITUTIONS: 422,
  RECTIFICATION_ORDER_ALREADY_OPEN: 422,
  RECTIFICATION_ALREADY_LAPSED: 422,
  NO_OPEN_RECTIFICATION_ORDER: 422,
  RECTIFICATION_REPORT_PENDING: 422,
  RECTIFICATION_REPORT_ALREADY_REVIEWED: 422,
  RECTIFICATION_LAPSE_NOT_DUE: 422,
  RECTIFICATION_NOT_COMPLETED: 422,
  REPAIR_NOT_YET_ELIGIBLE: 422,
  NOT_IN_PUBLICATION: 422,
  REPAIR_PLEDGE_REQUIRED: 422,
  REPAIR_APPLICATION_PENDING: 422,
  REPAIR_ALREADY_DECIDED: 422,
  OBJECTION_ALREADY_DECIDED: 422,
  NOT_LISTED: 422,
  AWARD_BAN_NOT_ACTIVE: 422,
  MITIGATION_ONLY_FOR_OFFICIALS: 422,
  MITIGATION_ALREADY_DECIDED: 422,
  AWARD_BAN_ACTIVE: 422,
  SUBJECT_LISTED: 422,
  SUBJECT_RESTRICTED: 422,
  EXEMPLAR_NOT_ACTIVE: 422,
  FEEDBACK_ALREADY_GIVEN: 422,
  FEEDBACK_INCOMPLETE: 422,
  FEEDBACK_UNKNOWN_MEASURE: 422,
} as const;

export type DomainErrorCode = keyof typeof DOMAIN_ERROR_CODES;

export type HttpStatusClass = (typeof DOMAIN_ERROR_CODES)[DomainErrorCode];

export interface FieldError {
  field: string;
  message: string;
}

export interface DomainErrorDetails {
  /** field-level problems for VALIDATION_FAILED (problem+json `errors`) */
  errors?: FieldError[];
  /** REPAIR_NOT_YET_ELIGIBLE: the first day an application is accepted */
  earliestEligibleOn?: string;
  [key: string]: unknown;
}

export class DomainError extends Error {
  readonly httpStatus: HttpStatusClass;

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: DomainErrorDetails = {},
  ) {
    super(message);
    this.name = 'DomainError';
    this.httpStatus = DOMAIN_ERROR_CODES[code];
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;

export function httpStatusOf(code: DomainErrorCode): HttpStatusClass {
  return DOMAIN_ERROR_CODES[code];
}
