import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Clock, EVENT_STORE, EventStore } from '@app/event-store';
import { ReadStoreNewerError, RECTIFICATION_DEADLINES_PROJECTOR, RectificationDeadline } from '@app/read-model';
import { DataSource, LessThan } from 'typeorm';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { ProcessManagerRelease } from '../read-model/process-manager-release';
import { ProjectionStatusService } from '../read-model/projection-status.service';
import { READ_STORE } from '../read-model/tokens';
import { businessToday, CLOCK } from '../time/clock';
import { LapseOutcome, LapseRectificationCommand } from './lapse-rectification.command';

const SWEEP_INTERVAL_MS = 60_000;
const CATCH_UP_TIMEOUT_MS = 30_000;

export interface SweepResult {
  lapsed: number;
  /** Log position of the last lapse written, else the head the sweep looked at. */
  position: string;
}

/**
 * The deadline watcher: on start, every minute and on demand, lapses every order whose deadline
 * day has ended. Effective dates come from the deadline (deadline + 1), never from when the
 * sweep runs, so a sweep after downtime lapses exactly as one on time would have.
 */
@Injectable()
export class DeadlineWatcher implements BeforeApplicationShutdown {
  private readonly logger = new Logger('DeadlineWatcher');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private timerSweep = false;
  /** Moves on at every stop: a sweep of its own (on start, by the timer) under way from before lapses nothing more. */
  private generation = 0;
  private readonly sweeps = new Set<Promise<SweepResult>>();
  private closing = false;

  constructor(
    private readonly commands: CommandBus,
    private readonly projections: ProjectionStatusService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly readStore: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly release: ProcessManagerRelease,
  ) {}

  /**
   * Called by ProcessManagers once the application is fully initialised (command handlers are
   * registered with the bus only then), when this process runs the process managers.
   */
  start(): void {
    if (this.timer || this.closing) return;
    const generation = this.generation;
    this.running = this.sweepAndLog('start', generation);
    this.timer = setInterval(() => {
      // One sweep at a time from the timer: a slow one (a worklist catching up) is not overtaken.
      if (this.timerSweep) return;
      this.timerSweep = true;
      this.running = this.sweepAndLog('timer', generation).finally(() => (this.timerSweep = false));
    }, SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  /** No more sweeps of its own (another process runs the watcher now); the ones under way finish. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.generation += 1;
    await Promise.allSettled([this.running, ...this.sweeps]);
  }

  /**
   * Before the read store closes: no new sweeps, and the ones under way finish first. A sweep that
   * fails meanwhile (one waiting for a worklist projector that stopped gives up once closing) has
   * said so to its caller and in the log: it does not fail the shutdown.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    clearInterval(this.timer);
    await Promise.allSettled([...this.sweeps]);
  }

  /** Lapses every order overdue as of today; safe to run concurrently with other sweeps. */
  sweep(): Promise<SweepResult> {
    return this.sweepAs(undefined);
  }

  /** `generation`: a sweep of the watcher's own, which stops between lapses once the watcher is stopped. */
  private sweepAs(generation: number | undefined): Promise<SweepResult> {
    if (this.closing) return Promise.reject(new Error('the service is shutting down'));
    const sweep = this.sweepOnce(() => this.closing || (generation !== undefined && generation !== this.generation));
    this.sweeps.add(sweep);
    void sweep.finally(() => this.sweeps.delete(sweep)).catch(() => undefined);
    return sweep;
  }

  private async sweepOnce(stopped: () => boolean): Promise<SweepResult> {
    // A newer release migrated the read store: its watcher lapses, by its rules (ReadStoreNewerError).
    await this.release.assertNotNewer();
    const head = await this.store.headPosition();
    // The worklist is a projection: make sure it includes every order written so far. Only its own
    // projector counts: another one that failed must not stop every lapse.
    const deadline = Date.now() + CATCH_UP_TIMEOUT_MS;
    while (!(await this.projections.waitForProjector(RECTIFICATION_DEADLINES_PROJECTOR, head, 250))) {
      if (stopped() || Date.now() > deadline) throw new Error(`the deadline worklist has not caught up with position ${head}`);
    }
    const today = businessToday(this.clock);
    const due = await this.readStore.getRepository(RectificationDeadline).find({
      where: { status: 'OPEN', deadline: LessThan(today) },
      order: { deadline: 'ASC' },
    });
    let lapsed = 0;
    let position = head;
    for (const order of due) {
      if (stopped()) break;
      const outcome = await this.commands.execute<LapseRectificationCommand, LapseOutcome>(
        new LapseRectificationCommand(order.recordId, order.orderId),
      );
      if (outcome.lapsed) {
        lapsed += 1;
        position = Math.max(position, Number(outcome.position));
      }
    }
    return { lapsed, position: String(position) };
  }

  private async sweepAndLog(trigger: string, generation: number): Promise<void> {
    // Stopped since it was scheduled (another process runs the watcher now): not begun.
    if (generation !== this.generation) return;
    try {
      const { lapsed } = await this.sweepAs(generation);
      if (lapsed > 0) this.logger.log(`${trigger} sweep lapsed ${lapsed} rectification order(s)`);
    } catch (error) {
      // Stopped while it waited for the worklist: not a failure of the sweep.
      if (generation !== this.generation) return;
      if (error instanceof ReadStoreNewerError) {
        // Said once, by the release check: no sweep every minute that could only fail.
        clearInterval(this.timer);
        this.timer = undefined;
        return;
      }
      this.logger.error(`${trigger} sweep failed: ${(error as Error).stack ?? String(error)}`);
    }
  }
}
