import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus, ICommand, ISaga } from '@nestjs/cqrs';
import { DomainError, isDomainEventType } from '@app/domain';
import { EVENT_STORE, EventStore, StoredEvent, Subscription } from '@app/event-store';
import { ProcessCheckpoint } from '@app/read-model';
import { from, lastValueFrom, toArray } from 'rxjs';
import { DataSource } from 'typeorm';
import { upcastStoredEvent } from '../command-handling/upcasting';
import { READ_STORE } from '../read-model/tokens';
import { LedgerSagas } from './ledger.sagas';

const RETRY_DELAYS_MS = [200, 1000, 5000];

interface NamedSaga {
  name: string;
  saga: ISaga<StoredEvent, ICommand>;
}

/**
 * Runs the sagas (@nestjs/cqrs `ISaga`s: events in, commands out) on the store's subscription,
 * never on the in-memory event bus: each saga resumes from its checkpoint after a restart, and
 * the commands it sends have ids derived from the events, so a replayed batch or a second
 * instance does nothing twice. A command refused by a rule is logged and skipped (the world
 * moved on); any other failure is retried, then stops that saga and shows in its status.
 */
@Injectable()
export class SagaRunner implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Sagas');
  private readonly subscriptions: Subscription[] = [];
  private readonly failures = new Map<string, string>();

  constructor(
    private readonly sagas: LedgerSagas,
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly readStore: DataSource,
  ) {}

  /** Called by ProcessManagers once the application is initialised (handlers registered). */
  async start(): Promise<void> {
    for (const named of this.sagas.all()) await this.startSaga(named);
  }

  /** Before the read store closes, since each batch ends by writing its checkpoint there. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.subscriptions.map((s) => s.close()));
  }

  /** The sagas this process runs (none when another process runs them), and which stopped. */
  status(): Array<{ name: string; failed?: string }> {
    if (this.subscriptions.length === 0) return [];
    return this.sagas.all().map(({ name }) => ({ name, ...(this.failures.has(name) && { failed: this.failures.get(name) }) }));
  }

  private async startSaga({ name, saga }: NamedSaga): Promise<void> {
    const checkpoints = this.readStore.getRepository(ProcessCheckpoint);
    const from0 = (await checkpoints.findOneBy({ name }))?.position ?? 0;
    const subscription = this.store.subscribeToAll({
      fromPosition: from0,
      onEvents: async (events) => {
        // Event types this version does not know (written by a newer one) are no concern of its sagas.
        await this.react(name, saga, events.filter((e) => isDomainEventType(e.type)).map(upcastStoredEvent));
        await checkpoints.upsert({ name, position: events[events.length - 1].position }, ['name']);
      },
      onError: (error) => {
        this.failures.set(name, String((error as Error)?.message ?? error));
        this.logger.error(`saga ${name} stopped: ${(error as Error)?.stack ?? String(error)}`);
      },
    });
    this.subscriptions.push(subscription);
  }

  private async react(name: string, saga: ISaga<StoredEvent, ICommand>, events: StoredEvent[]): Promise<void> {
    const commands = await lastValueFrom(saga(from(events)).pipe(toArray()));
    for (const command of commands) {
      for (let attempt = 0; ; attempt += 1) {
        try {
          await this.commands.execute(command);
          break;
        } catch (error) {
          if (error instanceof DomainError) {
            this.logger.warn(`saga ${name}: ${command.constructor.name} refused (${error.code}): ${error.message}`);
            break;
          }
          if (attempt >= RETRY_DELAYS_MS.length) throw error;
          await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt]));
        }
      }
    }
  }
}
