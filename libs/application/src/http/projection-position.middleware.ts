import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ProjectionStatusService } from '../read-model/projection-status.service';

/**
 * Every GET response carries X-Projection-Position (api.md), also a 401/403 from the guard or a
 * 404, which never reach the interceptor. The interceptor refreshes it after a consistentWith wait.
 */
@Injectable()
export class ProjectionPositionMiddleware implements NestMiddleware {
  constructor(private readonly projections: ProjectionStatusService) {}

  async use(request: Request, response: Response, next: NextFunction): Promise<void> {
    if (request.method === 'GET') {
      try {
        response.setHeader('X-Projection-Position', String(await this.projections.position()));
      } catch (error) {
        next(error);
        return;
      }
    }
    next();
  }
}
