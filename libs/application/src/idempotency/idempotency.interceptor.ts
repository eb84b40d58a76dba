import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { canonicalJson } from '@app/event-store';
import type { Request, Response } from 'express';
import { createHash, randomUUID } from 'node:crypto';
import { catchError, from, mergeMap, Observable, of, switchMap } from 'rxjs';
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
 * the caller (`sub`). A request claims its key before it runs (so a different request under the
 * key is refused while it is under way too), and its answer is stored after success; a failure
 * frees the key. A crash between the append and storing the answer is covered by the event
 * ledger, which answers a retried command from the log.
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
    const token = randomUUID();
    return from(this.store.claim(sub, key, digest, token)).pipe(
      switchMap((stored) => {
        if (stored) {
          if (stored.requestDigest !== digest) {
            throw new ProblemException(422, 'IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used with a different request');
          }
          // A twin of this request is under way: this one runs too, and the log answers it as a
          // replay of the twin's append (event ids derive from the key).
          if (stored.pending) return this.run(next, sub, key, digest, response);
          response.status(stored.status);
          response.setHeader('Idempotent-Replayed', 'true');
          return of(stored.body);
        }
        return this.run(next, sub, key, digest, response, token);
      }),
    );
  }

  /** Runs the command and stores its answer; a failure withdraws this request's claim (`token`), if it holds it. */
  private run(next: CallHandler, sub: string, key: string, digest: string, response: Response, token?: string): Observable<unknown> {
    const withdraw = async () => {
      if (!token) return;
      await this.store.withdraw(sub, key, token).catch((error: unknown) => this.logger.warn(`could not free key ${key} of ${sub} after a failure: ${String(error)}`));
    };
    return next.handle().pipe(
      mergeMap(async (body) => {
        await this.store.complete(sub, key, { requestDigest: digest, status: response.statusCode, body }).catch((error: unknown) => {
          // The log still answers a retry of this command; only a reuse with another body goes unnoticed.
          this.logger.warn(`could not store the answer for key ${key} of ${sub}: ${String(error)}`);
        });
        return body;
      }),
      catchError(async (error: unknown) => {
        await withdraw();
        throw error;
      }),
    );
  }
}
