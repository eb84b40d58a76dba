import type { EventStore, StoredEvent, Subscription } from '@app/event-store';
import type { DataSource } from 'typeorm';
import { ProjectionCheckpoint } from '../entities';
import type { Projector } from '../projectors/projector';

export interface RunnerLogger {
  log(message: string): void;
  error(message: string): void;
}

export interface ProjectorStatus {
  name: string;
  position: number;
  failed?: { position: number; eventType: string; message: string };
}

/**
 * Feeds the projectors from the store's subscription. Each projector commits its rows and its
 * checkpoint in one transaction per batch, and skips events at or before its checkpoint, so
 * a replayed batch changes nothing. A projector that fails stops (and says so in its status);
 * the others go on.
 */
export class ProjectionRunner {
  private readonly checkpoints = new Map<string, number>();
  private readonly failures = new Map<string, NonNullable<ProjectorStatus['failed']>>();
  private subscription: Subscription | undefined;
  private waiters: Array<{ position: number; resolve: () => void }> = [];

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly projectors: Projector[],
    private readonly logger: RunnerLogger,
    private readonly upcast: (event: StoredEvent) => StoredEvent = (event) => event,
  ) {}

  async start(): Promise<void> {
    const rows = await this.dataSource.getRepository(ProjectionCheckpoint).find();
    for (const projector of this.projectors) {
      this.checkpoints.set(projector.name, rows.find((r) => r.name === projector.name)?.position ?? 0);
    }
    const from = Math.min(...this.checkpoints.values());
    this.subscription = this.store.subscribeToAll({
      fromPosition: from,
      onEvents: (events) => this.handle(events.map(this.upcast)),
      onError: (error) => this.logger.error(`projection subscription stopped: ${String((error as Error)?.stack ?? error)}`),
    });
    await this.subscription.caughtUp;
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }

  /** The position every running projector has applied (what a reader can rely on). */
  get position(): number {
    const healthy = this.projectors.filter((p) => !this.failures.has(p.name)).map((p) => this.checkpoints.get(p.name) ?? 0);
    const all = this.projectors.map((p) => this.checkpoints.get(p.name) ?? 0);
    return Math.min(...(this.failures.size > 0 ? all : healthy));
  }

  status(): ProjectorStatus[] {
    return this.projectors.map((p) => ({
      name: p.name,
      position: this.checkpoints.get(p.name) ?? 0,
      ...(this.failures.has(p.name) && { failed: this.failures.get(p.name) }),
    }));
  }

  /** Resolves true once every projector has applied `position`, false after `timeoutMs`. */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    if (this.position >= position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = {
        position,
        resolve: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  private async handle(events: StoredEvent[]): Promise<void> {
    for (const projector of this.projectors) {
      if (this.failures.has(projector.name)) continue;
      const checkpoint = this.checkpoints.get(projector.name) ?? 0;
      const fresh = events.filter((e) => e.position > checkpoint);
      if (fresh.length === 0) continue;
      const last = fresh[fresh.length - 1].position;
      try {
        await this.dataSource.transaction(async (manager) => {
          await projector.apply(fresh, manager);
          await manager.upsert(ProjectionCheckpoint, { name: projector.name, position: last }, ['name']);
        });
        this.checkpoints.set(projector.name, last);
      } catch (error) {
        const failed = await this.locateFailure(projector, fresh, error);
        this.failures.set(projector.name, failed);
        this.logger.error(
          `projector ${projector.name} stopped at position ${failed.position} (${failed.eventType}): ${failed.message}`,
        );
      }
    }
    const position = this.position;
    const ready = this.waiters.filter((w) => w.position <= position);
    this.waiters = this.waiters.filter((w) => w.position > position);
    ready.forEach((w) => w.resolve());
  }

  /** Replays the failed batch one event at a time (each in its own transaction) to name the culprit. */
  private async locateFailure(projector: Projector, events: StoredEvent[], batchError: unknown) {
    for (const event of events) {
      try {
        await this.dataSource.transaction(async (manager) => {
          await projector.apply([event], manager);
          await manager.upsert(ProjectionCheckpoint, { name: projector.name, position: event.position }, ['name']);
        });
        this.checkpoints.set(projector.name, event.position);
      } catch (error) {
        return { position: event.position, eventType: event.type, message: String((error as Error)?.message ?? error) };
      }
    }
    const last = events[events.length - 1];
    return { position: last.position, eventType: last.type, message: String((batchError as Error)?.message ?? batchError) };
  }
}
