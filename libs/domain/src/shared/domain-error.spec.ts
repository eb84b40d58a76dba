import { DOMAIN_ERROR_CODES, DomainError, httpStatusOf } from './domain-error';

describe('domain error codes', () => {
  it('carries the codes api.md exposes, each with its HTTP status class', () => {
    expect(DOMAIN_ERROR_CODES).toMatchObject({
      VALIDATION_FAILED: 400,
      INVALID_USCC: 400,
      NOT_FOUND: 404,
      SUBJECT_NOT_FOUND: 404,
      CONFLICT: 409,
      DATE_IN_FUTURE: 422,
      SIGNATORY_NOT_PRINCIPAL_LEADER: 422,
      LEADERSHIP_CHANGE_IS_NOT_A_LAWFUL_REASON: 422,
      REPAIR_NOT_YET_ELIGIBLE: 422,
      RECTIFICATION_NOT_COMPLETED: 422,
      NOT_IN_PUBLICATION: 422,
      AWARD_BAN_ACTIVE: 422,
      SUBJECT_LISTED: 422,
    });
  });

  it('every code is UPPER_SNAKE and maps to 400, 404, 409 or 422', () => {
    for (const [code, status] of Object.entries(DOMAIN_ERROR_CODES)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      expect([400, 404, 409, 422]).toContain(status);
    }
  });

  it('an error knows its status and carries details such as earliestEligibleOn', () => {
    const error = new DomainError('REPAIR_NOT_YET_ELIGIBLE', 'not yet', { earliestEligibleOn: '2025-07-11' });
    expect(error).toBeInstanceOf(Error);
    expect(error.httpStatus).toBe(422);
    expect(httpStatusOf('NOT_FOUND')).toBe(404);
    expect(error.details.earliestEligibleOn).toBe('2025-07-11');
  });
});
