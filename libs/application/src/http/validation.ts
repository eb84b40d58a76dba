import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldProblem, ProblemException } from './problem';

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Keys that JSON.parse keeps as own properties but an object built from them would take as its prototype. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The paths of such keys anywhere in a parsed body. */
export function prototypeKeyPaths(value: unknown, parent = ''): string[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.keys(value).flatMap((key) => {
    const path = Array.isArray(value) ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;
    return PROTOTYPE_KEYS.has(key) ? [path] : prototypeKeyPaths((value as Record<string, unknown>)[key], path);
  });
}

/**
 * Whitelisting cannot see `__proto__` in a body: building the DTO makes it the object's prototype
 * instead of a field, so it would pass unnoticed. Such keys are refused like any unknown field.
 */
class LedgerValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') {
      const paths = prototypeKeyPaths(value);
      if (paths.length > 0) {
        throw new ProblemException(400, 'VALIDATION_FAILED', paths.map((field) => `${field}: property ${field} should not exist`).join('; '), {
          errors: paths.map((field) => ({ field, message: `property ${field} should not exist` })),
        });
      }
    }
    return super.transform(value, metadata);
  }
}

/** Registered as APP_PIPE: unknown fields are refused, and every problem names its field. */
export function ledgerValidationPipe(): ValidationPipe {
  return new LedgerValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // Whitelisting already refuses unknown fields; this would also refuse body DTOs without fields (`{}` commands).
    forbidUnknownValues: false,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return new ProblemException(400, 'VALIDATION_FAILED', fields.map((f) => `${f.field}: ${f.message}`).join('; '), {
        errors: fields,
      });
    },
  });
}
