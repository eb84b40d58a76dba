import { applyDecorators, HttpCode, Type } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiHeader, ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { Role, Roles } from '@app/application';
import { MAX_BODY_DEPTH } from './json-body';

/** RFC 9457 problem details as every error of the API is sent (`application/problem+json`). */
export class ProblemDto {
  @ApiProperty({ example: 'https://ledger.example/problems/validation-failed' })
  type: string;

  @ApiProperty({ example: 'Bad Request' })
  title: string;

  @ApiProperty({ example: 400 })
  status: number;

  @ApiProperty({ description: 'Stable UPPER_SNAKE code (domain.md codes plus VALIDATION_FAILED, INVALID_USCC, DATE_IN_FUTURE, NOT_FOUND, CONFLICT, IDEMPOTENCY_KEY_REUSED, PRECONDITION_FAILED)', example: 'VALIDATION_FAILED' })
  code: string;

  @ApiProperty()
  detail: string;

  @ApiPropertyOptional({ description: 'Field-level problems', type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } })
  errors?: Array<{ field: string; message: string }>;

  @ApiPropertyOptional({
    description: 'REPAIR_NOT_YET_ELIGIBLE: the earliest eligible day by the repair rules — the first day an application is accepted when repairable is true',
    example: '2026-07-01',
  })
  earliestEligibleOn?: string;

  @ApiPropertyOptional({
    description:
      'REPAIR_NOT_YET_ELIGIBLE: false when the record and its listing leave publication before earliestEligibleOn (a listing that may not end before it expires, jinan-hitech): repair is not available, the record leaves publication on its own',
    example: true,
  })
  repairable?: boolean;

  @ApiPropertyOptional({ description: 'COMMITMENT_NOT_FOUND, COMMITMENT_OF_ANOTHER_INSTITUTION, COMMITMENT_FULFILLED: the commitment a record named', example: 'c-2026-001' })
  commitmentId?: string;

  @ApiPropertyOptional({ description: 'COMMITMENT_FULFILLED: the day the commitment was fulfilled', example: '2026-06-30' })
  fulfilledOn?: string;

  @ApiPropertyOptional({ description: 'SUBJECT_NOT_FOUND for a person (an accountability decision): the personId nobody registered', example: 'p-wang' })
  personId?: string;
}

const PROBLEMS: Array<[number, string]> = [
  [400, `VALIDATION_FAILED, INVALID_USCC, DATE_IN_FUTURE (a knownAt after the server clock): malformed request (also bad JSON, a body that is not UTF-8 or nested over ${MAX_BODY_DEPTH} levels, a string with a lone surrogate or a control character, unknown fields, bad headers)`],
  [401, 'UNAUTHENTICATED: missing, invalid or expired token'],
  [403, 'FORBIDDEN: wrong role, or a subject acting for another institution'],
  [404, 'NOT_FOUND, SUBJECT_NOT_FOUND, …: the resource or subject does not exist'],
  [409, 'CONFLICT: already exists'],
  [412, 'PRECONDITION_FAILED: If-Match does not match the current revision'],
  [413, 'PAYLOAD_TOO_LARGE: body over 1 MiB'],
  [415, 'UNSUPPORTED_MEDIA_TYPE: a body not sent as application/json (or in a charset other than UTF-8)'],
  [422, 'A rule of the domain refuses the command (DATE_IN_FUTURE, IDEMPOTENCY_KEY_REUSED, …)'],
  [503, 'PROJECTION_LAGGING: consistentWith was not reached within 5 s (Retry-After)'],
];

export interface CommandDoc {
  summary: string;
  roles: Role[];
  /** 201 when the command creates something with an id, 200 for a decision on an existing one. */
  status: 200 | 201;
  type: Type<unknown>;
  /** The command acts on an existing resource whose revision If-Match may name. */
  ifMatch?: boolean;
  description?: string;
}

/** Roles, status code and the OpenAPI description of one POST command, in one place. */
export function ApiCommand({ summary, roles, status, type, ifMatch = false, description }: CommandDoc): MethodDecorator {
  return applyDecorators(
    Roles(...roles),
    HttpCode(status),
    ApiBearerAuth(),
    ApiOperation({ summary, description: [`Roles: ${roles.join(', ')}.`, description].filter(Boolean).join(' ') }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Same key and same request → the original status and body, nothing appended; a different request → 422 IDEMPOTENCY_KEY_REUSED',
    }),
    ...(ifMatch
      ? [ApiHeader({ name: 'If-Match', required: false, description: 'The stream revision last seen ("<revision>", the ETag of the GET); a mismatch, or a weak tag (W/"…", never matches), → 412' })]
      : []),
    ApiResponse({ status, type, description: 'Appended; `position` is the log position of the last event (use it as consistentWith)' }),
    ApiProblems(400, 401, 403, 404, 409, 413, 415, 422, ...(ifMatch ? [412] : [])),
  );
}

/** The problem+json answers an operation can give, documented with the ProblemDto schema. */
export function ApiProblems(...statuses: number[]): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...PROBLEMS.filter(([code]) => statuses.includes(code)).map(([code, text]) =>
      ApiResponse({ status: code, description: text, content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } } }),
    ),
  );
}

/** `{position}`: what every command returns. */
export class PositionDto {
  @ApiProperty({ description: 'Global log position of the last event written, a decimal string', example: '42' })
  position: string;
}
