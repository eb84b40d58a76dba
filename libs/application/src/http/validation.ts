import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldProblem, ProblemException } from './problem';

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Registered as APP_PIPE: unknown fields are refused, and every problem names its field. */
export function ledgerValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
