import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus, ICommand, ISaga } from '@nestjs/cqrs';
import { DomainError, isDomainEventType } from '@app/domain';
import { EVENT_STORE, EventStore, StoredEvent, Subscription } from '@app/event-store';
import { ProcessCheckpoint, ReadStoreNewerError } from '@app/read-model';
import { from, lastValueFrom, toArray } from 'rxjs';
import { DataSource } from 'typeorm';
import { upcastStoredEvent } from '../command-handling/upcasting';
import { ProcessManagerRelease } from '../read-model/process-manager-release';
import { READ_STORE } from '../read-model/tokens';
import { LedgerSagas } from './ledger.sagas';

const RETRY_DELAYS_MS = [200, 1000, 5000];
/** A saga whose subscription failed follows the log again from its checkpoint after 1 s, 2 s, 4 s, … at most 30 s. */
const RESUBSCRIBE_FIRST_MS = 1_000;
const RESUBSCRIBE_MAX_MS = 30_000;

interface NamedSaga {
  name: string;
  saga: ISaga<StoredEvent, ICommand>;
}

/**
 * Runs the sagas (@nestjs/cqrs `ISaga`s: events in, commands out) on the store's subscription,
 * never on the in-memory event bus: each saga resumes from its checkpoint after a restart, and
 * the commands it sends have ids derived from the events, so a replayed batch or a second
 * instance does nothing twice. A command refused by a rule is logged and skipped (the world
 * moved on; one refused as dated in the future is first tried again for a few seconds, as the
 * clock of this process catches up with the writer's); any other failure is retried, then stops that saga's subscription and shows in its
 * status (`failed`, /health degraded) until it follows the log again from its checkpoint, after a
 * backoff (1 s doubling to 30 s), and gets a batch through.
 */
@Injectable()
export class SagaRunner implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Sagas');
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly failures = new Map<string, string>();
  /** Failed subscriptions in a row, per saga (the backoff's exponent). */
  private readonly attempts = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private started = false;
  private watchingRelease = false;
  private closing = false;
  /**
   * Moves on at every stop: a subscription, a resubscription timer or a startSaga under way from
   * before it (a lost lock, then taken over again) does nothing more once it has moved on.
   */
  private generation = 0;
  /** Every subscription close under way: a stop waits for the batches still reacting, whoever began closing them. */
  private closes: Promise<unknown> = Promise.resolve();
  /** Set for good once the read store was found migrated by a newer release. */
  private outdated = false;
  /** Closing the subscriptions after standing aside (shutdown waits for it). */
  private stopping: Promise<void> = Promise.resolve();

  constructor(
    private readonly sagas: LedgerSagas,
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly readStore: DataSource,
    private readonly release: ProcessManagerRelease,
  ) {}

  /**
   * Called by ProcessManagers once the application is initialised (handlers registered) and this
   * process holds their lock; again after stop() when it takes them over once more.
   */
  async start(): Promise<void> {
    if (this.started || this.outdated) return;
    this.started = true;
    this.closing = false;
    // Found newer by another process manager (the deadline watcher, a saga): all stand aside at once.
    if (!this.watchingRelease) this.release.onFound(() => this.standAside());
    this.watchingRelease = true;
    for (const named of this.sagas.all()) await this.startSaga(named);
  }

  /** Another process runs the sagas from now on (this one lost their lock): each stops after the batch under way. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.failures.clear();
    this.attempts.clear();
    await this.stopAll();
  }

  /** Before the read store closes, since each batch ends by writing its checkpoint there. */
  async beforeApplicationShutdown(): Promise<void> {
    // After standing aside too: a batch still reacting when it did finishes before the store closes.
    await Promise.all([this.stopping, this.stopAll()]);
  }

  /** No new subscriptions, none followed any more (shutdown, or standing aside for a newer release). */
  private async stopAll(): Promise<void> {
    this.closing = true;
    this.generation += 1;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const subscriptions = [...this.subscriptions.values()];
    this.subscriptions.clear();
    this.closes = Promise.allSettled([this.closes, ...subscriptions.map((s) => s.close())]);
    await this.closes;
  }

  /**
   * The read store was migrated by a newer release: its sagas react from now on, by its rules.
   * This process's stop following the log, leaving their checkpoints where they are. Not awaited
   * where it is called from: closing a subscription waits for the batch handler calling this.
   */
  private standAside(): void {
    if (this.outdated) return;
    this.outdated = true;
    this.stopping = this.stopAll().catch((error: unknown) => this.logger.warn(`saga subscriptions not closed cleanly: ${String(error)}`));
  }

  /**
   * The sagas this process runs (none when another process runs them), and which stopped; all of
   * them `standingAside` once a newer release migrated the read store (its sagas react instead).
   */
  status(): Array<{ name: string; failed?: string; standingAside?: true }> {
    if (!this.started) return [];
    return this.sagas.all().map(({ name }) => ({
      name,
      ...(this.failures.has(name) && { failed: this.failures.get(name) }),
      ...(this.outdated && { standingAside: true as const }),
    }));
  }

  /** After a failed subscription: follow the log again from the checkpoint, after the backoff. */
  private resubscribe(named: NamedSaga, generation: number): void {
    if (this.closing || generation !== this.generation) return;
    const attempt = (this.attempts.get(named.name) ?? 0) + 1;
    this.attempts.set(named.name, attempt);
    const delay = Math.min(RESUBSCRIBE_MAX_MS, RESUBSCRIBE_FIRST_MS * 2 ** (attempt - 1));
    this.logger.warn(`saga ${named.name}: following the log again from its checkpoint in ${delay} ms (attempt ${attempt})`);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.closing || generation !== this.generation) return;
      this.startSaga(named).catch((error: unknown) => {
        if (generation !== this.generation) return;
        this.failures.set(named.name, String((error as Error)?.message ?? error));
        this.logger.warn(`saga ${named.name}: could not follow the log again: ${String((error as Error)?.message ?? error)}`);
        this.resubscribe(named, generation);
      });
    }, delay);
    this.timers.add(timer);
  }

  private async startSaga(named: NamedSaga): Promise<void> {
    const { name, saga } = named;
    const generation = this.generation;
    const checkpoints = this.readStore.getRepository(ProcessCheckpoint);
    const from0 = (await checkpoints.findOneBy({ name }))?.position ?? 0;
    // Shutting down, or stopped (and maybe started again) while the checkpoint was read: no new subscription.
    if (this.closing || generation !== this.generation) return;
    // eslint-disable-next-line prefer-const -- onError may name it before subscribeToAll returns
    let subscription: Subscription | undefined;
    let failed = false;
    subscription = this.store.subscribeToAll({
      fromPosition: from0,
      onEvents: async (events) => {
        if (this.outdated || generation !== this.generation) return;
        // A newer release migrated the read store: its sagas answer this batch, by its rules.
        try {
          await this.release.assertNotNewer();
        } catch (error) {
          if (!(error instanceof ReadStoreNewerError)) throw error;
          this.standAside();
          return;
        }
        // Event types this version does not know (written by a newer one) are no concern of its sagas.
        await this.react(name, saga, events.filter((e) => isDomainEventType(e.type)).map(upcastStoredEvent));
        await checkpoints.upsert({ name, position: events[events.length - 1].position }, ['name']);
        if (this.failures.delete(name)) this.logger.log(`saga ${name} follows the log again`);
        this.attempts.delete(name);
      },
      onError: (error) => {
        // Standing aside closes every subscription: a batch that fails meanwhile is no saga failure;
        // nor is one of a subscription a stop has closed.
        if (this.outdated || generation !== this.generation) return;
        const message = String((error as Error)?.message ?? error);
        // The whole story once per run of failures; a line per further attempt.
        if (!this.attempts.has(name)) this.logger.error(`saga ${name} stopped: ${(error as Error)?.stack ?? message}`);
        else this.logger.warn(`saga ${name} failed again: ${message}`);
        this.failures.set(name, message);
        failed = true;
        if (subscription) {
          if (this.subscriptions.get(name) === subscription) this.subscriptions.delete(name);
          void subscription.close().catch(() => undefined);
        }
        this.resubscribe(named, generation);
      },
    });
    if (!failed) this.subscriptions.set(name, subscription);
    else void subscription.close().catch(() => undefined);
    // Followed again and caught up with the log: no longer failed, even if no event comes for hours.
    subscription.caughtUp.then(
      () => {
        if (this.subscriptions.get(name) !== subscription) return;
        if (this.failures.delete(name)) this.logger.log(`saga ${name} follows the log again`);
        this.attempts.delete(name);
      },
      () => undefined,
    );
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
            // Dated after this process's today: the fact it reacts to was written by a process whose
            // clock is a little ahead (a lapse a credit check wrote just after midnight). Tried again
            // as this clock catches up, then, as any refusal, logged and skipped.
            if (error.code === 'DATE_IN_FUTURE' && attempt < RETRY_DELAYS_MS.length) {
              await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt]));
              continue;
            }
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
