import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import type { ProjectorLease, ProjectorLocks } from '@app/read-model';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { DeadlineWatcher } from '../deadlines/deadline-watcher.service';
import { ProcessManagerRelease } from '../read-model/process-manager-release';
import { projectorLocksFor } from '../read-model/read-model.module';
import { SagaRunner } from './saga-runner';

/** The lock the process managers run under, beside the projectors' (a file in `<dataDir>/locks`, or an advisory lock). */
export const PROCESS_MANAGERS_LOCK = 'process-managers';
/** How often a process on standby tries to take the process managers over. */
const TAKE_OVER_EVERY_MS = 1_000;

/**
 * Starts the process managers — the deadline watcher and the sagas — in the process configured
 * to run them. Started explicitly after `app.init()`: @nestjs/cqrs registers command handlers
 * during bootstrap, so a reaction sent from a bootstrap hook could find no handler yet.
 *
 * Only one process runs them at a time (architecture.md "Scale-out"): the one holding the
 * `process-managers` lock, the projectors' mechanism (an advisory lock on the PostgreSQL read
 * store, a file lock beside the SQLite one). Every other process configured to run them stands by
 * and takes over when the holder dies; a holder whose lock is taken away (its lock session
 * dropped) stops them and stands by. Their reactions have ids derived from the events, so a
 * second runner would do nothing twice, but it would double the work and move checkpoints back.
 */
@Injectable()
export class ProcessManagers implements BeforeApplicationShutdown {
  private readonly logger = new Logger('ProcessManagers');
  private locks: ProjectorLocks | undefined;
  private lease: ProjectorLease | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closing = false;
  /** The read store was migrated by a newer release: its processes run them from now on. */
  private outdated = false;
  private saidStandingBy = false;
  /** Taking over, stopping after a lost lock and shutting down, one at a time. */
  private turn: Promise<void> = Promise.resolve();

  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly watcher: DeadlineWatcher,
    private readonly sagas: SagaRunner,
    private readonly release: ProcessManagerRelease,
  ) {}

  /** Takes the lock and starts them, or stands by; a failure to reach the lock at start fails the start. */
  async start(): Promise<void> {
    if (!this.config.runProcessManagers || this.locks) return;
    this.locks = projectorLocksFor(this.config);
    // Found by a saga or a sweep: the sagas stand aside themselves, the lock goes to a process of that release.
    this.release.onFound(() => void this.serially(() => this.standAside()).catch(() => undefined));
    await this.serially(() => this.takeOver());
    this.timer = setInterval(() => {
      void this.serially(() => this.takeOver()).catch((error: unknown) => this.logger.warn(`could not try to take the process managers over: ${String((error as Error)?.message ?? error)}`));
    }, TAKE_OVER_EVERY_MS);
    this.timer.unref();
  }

  /**
   * `off`: not configured to run them; `standby`: another process runs them; `running`: this one;
   * `standingAside`: a newer release migrated the read store, and its processes run them.
   */
  status(): 'off' | 'standby' | 'running' | 'standingAside' {
    if (!this.config.runProcessManagers) return 'off';
    if (this.outdated) return 'standingAside';
    return this.lease ? 'running' : 'standby';
  }

  /** Before the read store closes: they stop, then the lock goes to a process on standby. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    clearInterval(this.timer);
    await this.serially(async () => {
      await this.stopThem();
      await this.lease?.release().catch(() => undefined);
      this.lease = undefined;
      await this.locks?.close().catch(() => undefined);
    });
  }

  private async standAside(): Promise<void> {
    this.outdated = true;
    clearInterval(this.timer);
    await this.watcher.stop();
    await this.lease?.release().catch(() => undefined);
    this.lease = undefined;
  }

  private async takeOver(): Promise<void> {
    if (this.closing || this.outdated || this.lease || !this.locks) return;
    const lease = await this.locks.tryAcquire(PROCESS_MANAGERS_LOCK);
    if (!lease) {
      if (!this.saidStandingBy) this.logger.log('another process runs the deadline watcher and the sagas: standing by to take them over');
      this.saidStandingBy = true;
      return;
    }
    try {
      await this.sagas.start();
      this.watcher.start();
    } catch (error) {
      // Not left holding a lock for process managers that do not run.
      await this.stopThem().catch(() => undefined);
      await lease.release().catch(() => undefined);
      throw error;
    }
    this.lease = lease;
    if (this.saidStandingBy) this.logger.log('took over the deadline watcher and the sagas');
    this.saidStandingBy = false;
    void lease.lost
      .then(() =>
        this.serially(async () => {
          if (this.lease !== lease) return;
          this.lease = undefined;
          this.saidStandingBy = true;
          this.logger.error('the process managers lost their lock: stopped, standing by');
          await this.stopThem();
        }),
      )
      .catch((error: unknown) => this.logger.error(`the process managers lost their lock and did not stop cleanly: ${String((error as Error)?.message ?? error)}`));
  }

  private async stopThem(): Promise<void> {
    await this.watcher.stop();
    await this.sagas.stop();
  }

  private serially(work: () => Promise<void>): Promise<void> {
    const next = this.turn.then(work, work);
    this.turn = next.catch(() => undefined);
    return next;
  }
}
