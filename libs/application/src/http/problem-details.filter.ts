import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError } from '@app/domain';
import { CorruptEventError, IdempotencyKeyReusedError, WrongExpectedRevisionError } from '@app/event-store';
import type { Request, Response } from 'express';
import { WEAK_ETAG_REVISION } from './if-match';
import { problem, ProblemDetails, ProblemException } from './problem';
import { PreconditionFailedError } from '../command-support/preconditions';
import { BEARER_CREDENTIALS } from '../auth/auth.guard';

/** Codes for errors raised by Nest or Express themselves (e.g. a body-parser 400 for bad JSON). */
const HTTP_CODES: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/**
 * Registered as APP_FILTER: every error leaves the service as application/problem+json with a
 * stable `code`. Domain refusals keep their code and status; body-parser failures (bad JSON,
 * body over 1 MiB) are mapped here too, since they happen before any handler runs.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toProblem(error);
    if (body.status >= 500) this.logger.error((error as Error)?.stack ?? String(error));
    if (body.retryAfter !== undefined) response.setHeader('Retry-After', String(body.retryAfter));
    if (body.status === 401) {
      // RFC 9110 §11.6.1 / RFC 6750 §3: the scheme to authenticate with; with a token that was sent
      // and refused, why (no error code when none was sent).
      const sent = host.switchToHttp().getRequest<Request>()?.headers?.authorization;
      // invalid_token only for a bearer token refused; another scheme, or none, gets the challenge alone.
      const bearer = typeof sent === 'string' && BEARER_CREDENTIALS.test(sent);
      response.setHeader('WWW-Authenticate', bearer ? 'Bearer realm="ledger", error="invalid_token"' : 'Bearer realm="ledger"');
    }
    response.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }

  private toProblem(error: unknown): ProblemDetails {
    if (error instanceof ProblemException) return error.problem;
    if (error instanceof DomainError) {
      const { errors, ...rest } = error.details;
      return problem(error.httpStatus, error.code, error.message, { ...rest, ...(errors && { errors }) });
    }
    if (error instanceof IdempotencyKeyReusedError) return problem(422, error.code, error.message);
    if (error instanceof PreconditionFailedError) {
      const currentRevision = error.actual === 'no_stream' ? null : error.actual;
      const detail =
        error.expected === WEAK_ETAG_REVISION
          ? `If-Match carries a weak entity tag (W/"…"), which never matches: If-Match compares strongly (RFC 9110 §13.1.1)${
              currentRevision === null ? '' : `; the current revision is "${currentRevision}", sent as the ETag`
            }`
          : error.message;
      return problem(412, error.code, detail, { currentRevision });
    }
    if (error instanceof WrongExpectedRevisionError) {
      return problem(409, 'CONFLICT', 'the resource was changed by another request; retry');
    }
    if (error instanceof CorruptEventError) {
      // The log itself is damaged (a row that is no longer JSON): the service's fault, not the
      // client's, but named, so an operator knows where to look and what proves the rest.
      return problem(500, error.code, `${error.message}; GET /v1/audit/verify checks the whole log`, {
        position: String(error.position),
        streamId: error.streamId,
      });
    }
    const parserError = error as { type?: string; status?: number; message?: string };
    if (parserError?.type === 'entity.parse.failed') {
      return problem(400, 'VALIDATION_FAILED', 'the request body is not valid JSON', { errors: [{ field: 'body', message: 'malformed JSON' }] });
    }
    if (parserError?.type === 'entity.utf8.invalid') {
      return problem(400, 'VALIDATION_FAILED', 'the request body is not valid UTF-8', { errors: [{ field: 'body', message: 'not valid UTF-8' }] });
    }
    if (parserError?.type === 'entity.too.large') return problem(413, 'PAYLOAD_TOO_LARGE', 'the request body exceeds 1 MiB');
    const exposed = error as { expose?: boolean; status?: number; message?: string };
    if (exposed?.expose === true && typeof exposed.status === 'number' && exposed.status >= 400 && exposed.status < 500) {
      // Other body-parser refusals (unsupported charset or Content-Encoding, …) are the client's.
      return problem(exposed.status, HTTP_CODES[exposed.status] ?? `HTTP_${exposed.status}`, exposed.message ?? 'bad request');
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      return problem(status, HTTP_CODES[status] ?? `HTTP_${status}`, error.message);
    }
    return problem(500, 'INTERNAL', 'an unexpected error occurred');
  }
}
