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

/** Ids a client may choose (recordId, commitmentId, objectionId, …). */
export const ENTITY_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;
export const IsEntityId = (): PropertyDecorator => Matches(ENTITY_ID_PATTERN, { message: ({ property }) => `${property} must be 1–128 of A-Za-z0-9_.:-` });

/** Opaque official ids: no national ID numbers (domain.md §2). */
export const PERSON_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const IsPersonId = (): PropertyDecorator => Matches(PERSON_ID_PATTERN, { message: ({ property }) => `${property} must be 1–64 of A-Za-z0-9_-` });

export const DATE_EXAMPLE = '2026-01-15';
