import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { canonicalJson } from '@app/event-store';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { from, mergeMap, Observable, of, switchMap } from 'rxjs';
import type { Principal } from '../auth/roles';
import { ProblemException } from '../http/problem';
import { IdempotencyStore } from './idempotency-store';

/** Printable ASCII without spaces at the ends, as clients send UUIDs or request ids. */
const KEY_PATTERN = /^[\x21-\x7e]([\x20-\x7e]{0,198}[\x21-\x7e])?$/;

/** The request as far as idempotency is concerned: what is done (method and path) with what body. */
export function requestDigest(request: Pick<Request, 'method' | 'path' | 'body'>): string {
  const fingerprint = { method: request.method, path: request.path, body: request.body ?? null };
  return createHash('sha256').update(canonicalJson(fingerprint)).digest('hex');
}

/**
 * api.md "Idempotency", for every POST: the same Idempotency-Key with the same request returns
 * the original status and body without running the command again; with a different request —
 * also one aimed at another resource or stream — 422 IDEMPOTENCY_KEY_REUSED. Keys are scoped to
 * the caller (`sub`). The answer is stored after success only; a crash between the append and
 * this store is covered by the event ledger, which answers a retried command from the log.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined) return next.handle();
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new ProblemException(400, 'VALIDATION_FAILED', 'Idempotency-Key must be 1–200 printable ASCII characters', {
        errors: [{ field: 'Idempotency-Key', message: 'must be 1–200 printable ASCII characters' }],
      });
    }
    // Public POSTs have nobody to scope a key to; none exist today.
    if (!request.principal) return next.handle();
    const { sub } = request.principal;
    const response = context.switchToHttp().getResponse<Response>();
    const digest = requestDigest(request);
    return from(this.store.find(sub, key)).pipe(
      switchMap((stored) => {
        if (stored) {
          if (stored.requestDigest !== digest) {
            throw new ProblemException(422, 'IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used with a different request');
          }
          response.status(stored.status);
          response.setHeader('Idempotent-Replayed', 'true');
          return of(stored.body);
        }
        return next.handle().pipe(
          mergeMap(async (body) => {
            await this.store.save(sub, key, { requestDigest: digest, status: response.statusCode, body }).catch((error: unknown) => {
              // The log still answers a retry of this command; only a reuse with another body goes unnoticed.
              this.logger.warn(`could not store the answer for key ${key} of ${sub}: ${String(error)}`);
            });
            return body;
          }),
        );
      }),
    );
  }
}
