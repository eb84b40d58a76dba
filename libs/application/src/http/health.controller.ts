import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { Public } from '../auth/auth.decorators';
import { BEARER_CREDENTIALS } from '../auth/auth.guard';
import type { Role } from '../auth/roles';
import { TokenService } from '../auth/token.service';
import { ProjectionStatusService } from '../read-model/projection-status.service';
import { READ_STORE } from '../read-model/tokens';
import { ProcessManagerRelease } from '../read-model/process-manager-release';
import { ProcessManagers } from '../sagas/process-managers';
import { SagaRunner } from '../sagas/saga-runner';
import type { Response } from 'express';
import { DataSource } from 'typeorm';

/**
 * Who reads the failures' own words (driver and SQL errors name hosts, users, tables): the roles
 * that run and oversee the ledger. Everyone else (no token: /health is public) gets where and what
 * failed — the event, the position, since when — without the message.
 */
const DETAIL_ROLES: ReadonlySet<Role> = new Set(['credit-office', 'supervisor', 'auditor']);

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
  subscriptionError?: { message?: string; since: string; attempts: number; retryAt: string };
  sagas: Array<{ name: string; failed?: string; standingAside?: true }>;
  /**
   * The deadline watcher and the sagas here: `running` (this process holds their lock), `standby`
   * (another process runs them; this one takes over when it dies), `off` (not configured to run
   * them), `standingAside` (a newer release migrated the read store: its processes run them).
   */
  processManagers: 'off' | 'standby' | 'running' | 'standingAside';
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
    private readonly processManagers: ProcessManagers,
    private readonly release: ProcessManagerRelease,
    private readonly tokens: TokenService,
  ) {}

  /**
   * 200 while the service can serve; 503 when a store is unreachable. A stopped projector or saga,
   * a projector waiting for the read store to come back, a failed subscription, or a read store
   * migrated by a newer release than this process's (it projects nothing, and its sagas and
   * deadline watcher react to nothing), is `degraded`. The failures' messages are shown only with
   * a token of DETAIL_ROLES.
   */
  @Get()
  @Public()
  @ApiBearerAuth()
  @ApiOkResponse({
    description:
      '{status, eventStore, readStore, projectionLag, …, processManagers: running | standby | off | standingAside}; no token needed, the failures\' messages only with a credit-office, supervisor or auditor token',
  })
  async health(@Res({ passthrough: true }) response: Response, @Headers('authorization') authorization?: string): Promise<HealthReport> {
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
    const details = this.readsDetails(authorization);
    return {
      status,
      eventStore: head.up ? 'up' : 'down',
      readStore: readUp ? 'up' : 'down',
      projectionLag: Math.max(0, head.position - projectionPosition),
      headPosition: head.position,
      projectionPosition,
      projectors: details ? projectors : projectors.map(({ failed, retrying, ...projector }) => ({
        ...projector,
        ...(failed && { failed: withoutMessage(failed) }),
        ...(retrying && { retrying: withoutMessage(retrying) }),
      })),
      ...(subscriptionError && { subscriptionError: details ? subscriptionError : withoutMessage(subscriptionError) }),
      sagas: details ? sagas : sagas.map(({ failed, ...saga }) => ({ ...saga, ...(failed !== undefined && { failed: WITHHELD }) })),
      processManagers: this.processManagers.status(),
      ...(readStoreNewer && { readStoreNewer }),
    };
  }

  /** A valid token of DETAIL_ROLES; any other header (none, invalid, another role) reads no details, and is no error here. */
  private readsDetails(authorization: string | undefined): boolean {
    const match = typeof authorization === 'string' ? BEARER_CREDENTIALS.exec(authorization) : null;
    if (!match) return false;
    try {
      return DETAIL_ROLES.has(this.tokens.verify(match[1]).role);
    } catch {
      return false;
    }
  }
}

const WITHHELD = 'failed (the message is shown with a token of the credit-office, supervisor or auditor role)';

function withoutMessage<T extends { message: string }>({ message: _message, ...rest }: T): Omit<T, 'message'> {
  return rest;
}
