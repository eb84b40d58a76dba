import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@app/event-store';
import type { Request, Response } from 'express';
import { from, Observable, switchMap } from 'rxjs';
import { ProjectionStatusService } from '../read-model/projection-status.service';
import { ProblemException } from './problem';

const CONSISTENCY_TIMEOUT_MS = 5000;

/**
 * Read-your-writes (api.md): a GET with `?consistentWith=<position>` waits until the
 * projections have applied that position (503 with Retry-After after 5 s), and every GET
 * answers with `X-Projection-Position` (set by ProjectionPositionMiddleware, refreshed here after a wait).
 * A position beyond the log's head is no write of anyone's (every command answers with a position
 * already in the log): a 400 at once, not a request held open for 5 s — by anyone, the public
 * routes included.
 */
@Injectable()
export class ProjectionPositionInterceptor implements NestInterceptor {
  constructor(
    private readonly projections: ProjectionStatusService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    if (request.method !== 'GET') return next.handle();
    const wanted = request.query.consistentWith;
    // Without a wait the middleware's header stands: it was read before the query ran, so the
    // answer reflects at least that position.
    if (wanted === undefined) return next.handle();
    const response = context.switchToHttp().getResponse<Response>();
    return from(this.waitFor(wanted, response)).pipe(switchMap(() => next.handle()));
  }

  private async waitFor(wanted: unknown, response: Response): Promise<void> {
    if (typeof wanted !== 'string' || !/^\d{1,15}$/.test(wanted)) {
      throw new ProblemException(400, 'VALIDATION_FAILED', 'consistentWith must be a log position (a decimal string)', {
        errors: [{ field: 'consistentWith', message: 'must be a decimal log position' }],
      });
    }
    const position = Number(wanted);
    if (position > (await this.projections.position())) {
      const head = await this.store.headPosition();
      if (position > head) {
        throw new ProblemException(400, 'VALIDATION_FAILED', `consistentWith ${wanted} is beyond the log's head (${head}): not a position any command answered`, {
          errors: [{ field: 'consistentWith', message: `must not be beyond the log's head (${head})` }],
        });
      }
    }
    if (!(await this.projections.waitFor(position, CONSISTENCY_TIMEOUT_MS))) {
      throw new ProblemException(503, 'PROJECTION_LAGGING', `the projections have not reached position ${wanted} yet`, {
        retryAfter: 1,
      });
    }
    response.setHeader('X-Projection-Position', String(await this.projections.position()));
  }
}
