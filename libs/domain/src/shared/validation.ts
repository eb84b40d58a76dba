/**
 * Field checks shared by the deciders. The domain validates its own inputs (the HTTP DTOs are a
 * convenience, not the guard), collecting every problem into one VALIDATION_FAILED.
 */
import { BusinessDate, isAfter, isBusinessDate } from '../values/business-date';
import { isValidEntityId, isValidPersonId, isValidRegionCode } from '../values/identifiers';
import { isValidUscc } from '../values/uscc';
import { DomainError, FieldError } from './domain-error';

export class Checks {
  private readonly errors: FieldError[] = [];

  fail(field: string, message: string): this {
    this.errors.push({ field, message });
    return this;
  }

  text(field: string, value: unknown, maxLength = 4000): this {
    if (typeof value !== 'string' || value.trim() === '') return this.fail(field, 'must be a non-empty string');
    if (value.length > maxLength) return this.fail(field, `must be at most ${maxLength} characters`);
    return this;
  }

  optionalText(field: string, value: unknown, maxLength = 4000): this {
    return value === undefined ? this : this.text(field, value, maxLength);
  }

  date(field: string, value: unknown): this {
    return isBusinessDate(value) ? this : this.fail(field, 'must be a real calendar date YYYY-MM-DD');
  }

  optionalDate(field: string, value: unknown): this {
    return value === undefined ? this : this.date(field, value);
  }

  oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): this {
    return typeof value === 'string' && (allowed as readonly string[]).includes(value)
      ? this
      : this.fail(field, `must be one of ${allowed.join(', ')}`);
  }

  personId(field: string, value: unknown): this {
    return isValidPersonId(value) ? this : this.fail(field, 'must be 1–64 of A-Za-z0-9_-');
  }

  regionCode(field: string, value: unknown): this {
    return isValidRegionCode(value) ? this : this.fail(field, 'must be a 6-digit GB/T 2260 region code');
  }

  id(field: string, value: unknown): this {
    return isValidEntityId(value) ? this : this.fail(field, 'must be 1–128 of A-Za-z0-9_.:-');
  }

  boolean(field: string, value: unknown): this {
    return typeof value === 'boolean' ? this : this.fail(field, 'must be true or false');
  }

  /** `later` must not be before `earlier`; only checked when both are dates. */
  notBefore(laterField: string, later: unknown, earlierField: string, earlier: unknown): this {
    if (isBusinessDate(later) && isBusinessDate(earlier) && isAfter(earlier, later)) {
      this.fail(laterField, `must not be before ${earlierField}`);
    }
    return this;
  }

  done(): void {
    if (this.errors.length > 0) {
      throw new DomainError('VALIDATION_FAILED', this.errors.map((e) => `${e.field} ${e.message}`).join('; '), {
        errors: [...this.errors],
      });
    }
  }
}

export const checks = (): Checks => new Checks();

/** INVALID_USCC is its own code (api.md), not folded into VALIDATION_FAILED. */
export function assertUscc(field: string, value: unknown): asserts value is string {
  if (!isValidUscc(value)) {
    throw new DomainError('INVALID_USCC', `${field} is not a valid unified social credit code`, {
      errors: [{ field, message: 'GB 32100 check character mismatch or bad format' }],
    });
  }
}

/** Facts that already happened (finding, decision, report, filing) cannot be dated after today. */
export function assertNotInFuture(fields: Record<string, BusinessDate | undefined>, today: BusinessDate): void {
  if (!isBusinessDate(today)) throw new DomainError('VALIDATION_FAILED', 'today must be a business date');
  for (const [field, value] of Object.entries(fields)) {
    if (value !== undefined && isBusinessDate(value) && isAfter(value, today)) {
      throw new DomainError('DATE_IN_FUTURE', `${field} ${value} is after today ${today}`, {
        errors: [{ field, message: `must not be after ${today}` }],
      });
    }
  }
}
