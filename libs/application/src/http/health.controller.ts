import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { Public } from '../auth/auth.decorators';
import { ProjectionStatusService } from '../read-model/projection-status.service';
import { READ_STORE } from '../read-model/tokens';
import { ProcessManagerRelease } from '../read-model/process-manager-release';
import { SagaRunner } from '../sagas/saga-runner';
import type { Response } from 'express';
import { DataSource } from 'typeorm';

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  eventStore: 'up' | 'down';
  readStore: 'up' | 'down';
  /** Events in the log not yet applied by every projector. */
  projectionLag: number;
  headPosition: number;
  projectionPosition: number;
  projectors: Array<{ name: string; position: number; failed?: unknown; retrying?: unknown }>;
  /** This process's projectors follow no subscription: it failed (not an event's fault) and is tried again. */
  subscriptionError?: { message: string; since: string; attempts: number; retryAt: string };
  sagas: Array<{ name: string; failed?: string; standingAside?: true }>;
  /**
   * The read store was migrated by a newer release (these migrations are unknown to this one): this
   * process projects nothing and has left its projectors to a process of that release.
   */
  readStoreNewer?: { migrations: string[]; since: string };
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly readStore: DataSource,
    private readonly projections: ProjectionStatusService,
    private readonly sagas: SagaRunner,
    private readonly release: ProcessManagerRelease,
  ) {}

  /**
   * 200 while the service can serve; 503 when a store is unreachable. A stopped projector or saga,
   * a projector waiting for the read store to come back, a failed subscription, or a read store
   * migrated by a newer release than this process's (it projects nothing, and its sagas and
   * deadline watcher react to nothing), is `degraded`.
   */
  @Get()
  @Public()
  @ApiOkResponse({ description: '{status, eventStore, readStore, projectionLag}' })
  async health(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    const head = await this.store.headPosition().then(
      (position) => ({ up: true, position }),
      () => ({ up: false, position: 0 }),
    );
    const readUp = await this.readStore.query('SELECT 1').then(
      () => true,
      () => false,
    );
    const projectors = readUp ? await this.projections.projectors() : [];
    const projectionPosition = readUp ? await this.projections.position() : 0;
    const sagas = this.sagas.status();
    const subscriptionError = this.projections.subscriptionError();
    // Found by the projectors' batches, or by the sagas or the deadline watcher before they react.
    const readStoreNewer = this.projections.readStoreNewer() ?? this.release.found;
    const failed =
      projectors.some((p) => p.failed || p.retrying) || sagas.some((s) => s.failed) || subscriptionError !== undefined || readStoreNewer !== undefined;
    const status = !head.up || !readUp ? 'down' : failed ? 'degraded' : 'ok';
    if (status === 'down') response.status(503);
    return {
      status,
      eventStore: head.up ? 'up' : 'down',
      readStore: readUp ? 'up' : 'down',
      projectionLag: Math.max(0, head.position - projectionPosition),
      headPosition: head.position,
      projectionPosition,
      projectors,
      ...(subscriptionError && { subscriptionError }),
      sagas,
      ...(readStoreNewer && { readStoreNewer }),
    };
  }
}
