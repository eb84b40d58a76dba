import { parseInstant } from '@app/application/audit';
import { isBusinessDate } from '@app/domain';
import { Matches, ValidateBy, ValidationOptions } from 'class-validator';

/** A real calendar date `YYYY-MM-DD` (2025-02-30 is refused). Whether it may lie in the future is a rule of the domain. */
export const IsBusinessDate = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isBusinessDate',
      validator: {
        validate: (value: unknown) => isBusinessDate(value),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be a real calendar date YYYY-MM-DD`,
      },
    },
    options,
  );

/**
 * An instant with a time and a zone (`2026-11-22T02:00:00Z`, `…+08:00`) that names a real moment:
 * without a zone the cut would depend on the server's time zone, so every `knownAt` requires one.
 */
export const IsInstant = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseInstant(value) !== undefined,
        defaultMessage: (args) => `${args?.property ?? 'value'} must be an ISO-8601 instant with a time zone, e.g. 2026-11-22T02:00:00Z`,
      },
    },
    options,
  );

/*
 * No decorator checks a USCC: a malformed code is 400 INVALID_USCC (api.md), while the ValidationPipe
 * answers VALIDATION_FAILED. A DTO takes a USCC as a string; the handler (assertValidUscc) or the
 * decider (assertUscc) checks it, in a body, a path or a query parameter alike.
 */

/** Ids a client may choose (recordId, commitmentId, objectionId, …). */
export const ENTITY_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;
export const IsEntityId = (): PropertyDecorator => Matches(ENTITY_ID_PATTERN, { message: ({ property }) => `${property} must be 1–128 of A-Za-z0-9_.:-` });

/** Opaque official ids: no national ID numbers (domain.md §2). */
export const PERSON_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const IsPersonId = (): PropertyDecorator => Matches(PERSON_ID_PATTERN, { message: ({ property }) => `${property} must be 1–64 of A-Za-z0-9_-` });

export const DATE_EXAMPLE = '2026-01-15';
