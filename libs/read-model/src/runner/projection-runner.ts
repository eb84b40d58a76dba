import type { EventStore, StoredEvent, Subscription } from '@app/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import { ProjectionContext, ProjectionLogger } from '../projectors/projection-context';
import type { Projector } from '../projectors/projector';
import { noLocks, ProjectorLease, ProjectorLocks } from './projector-locks';
import { clearFailures, ensureCheckpoints, lockStoredCheckpoint, lockStoredCheckpointAndReadMigrations, readCheckpoints, readCheckpointStatus, writeCheckpoint, writeFailure } from './checkpoints';
import { refreshPlannerStatistics } from './planner-statistics';
import { KnownMigrations, knownMigrations, newerMigrations, ReadStoreNewerError } from './read-store-release';
import { dialectOf, Sql } from '../sql/sql';

export interface RunnerLogger {
  log(message: string): void;
  error(message: string): void;
  warn?(message: string): void;
}

export interface ProjectorStatus {
  name: string;
  position: number;
  /** Another process holds this projector's lock; this one waits to take over. */
  standby?: boolean;
  failed?: { position: number; eventType: string; message: string };
  /** The read store could not be reached (not an event's fault): it tries the batch again, applying nothing meanwhile. */
  retrying?: { since: string; attempts: number; message: string };
}

export interface ProjectionRunnerOptions {
  /** Single-writer locks (apps/projector, scale-out); default: this process is the only one. */
  locks?: ProjectorLocks;
  /** How often a standby process tries to take a lock over. */
  lockRetryMs?: number;
  /** Events per subscription batch. */
  batchSize?: number;
  /** The first wait before trying a batch again when the read store cannot be reached; doubles up to 30 s (default 500 ms). */
  outageRetryMs?: number;
  /** Called after a projector applied a batch and before the commit (a seam for crash tests). */
  beforeCommit?: (projector: string, events: StoredEvent[]) => Promise<void> | void;
}

const TRANSIENT_ATTEMPTS = 20;
/** The longest wait between two tries to follow the log again after the subscription failed. */
const MAX_RETRY_MS = 30_000;

/** The store's subscription failed (not an event's fault); the runner follows the log again after `retryAt`. */
export interface SubscriptionError {
  message: string;
  /** When the first failure of this run of failures happened. */
  since: string;
  /** Failures in a row. */
  attempts: number;
  retryAt: string;
}

/** Lock waits and lost races that a retry of the whole batch resolves; anything else is a real failure. */
export function isTransientError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && ['40001', '40P01', '55P03', 'SQLITE_BUSY', 'SQLITE_LOCKED'].includes(code)) return true;
  return /SQLITE_BUSY|SQLITE_LOCKED|database is locked|deadlock detected|could not serialize/.test(String((error as Error)?.message ?? error));
}

/** Socket errors of a connection that could not be made or was cut. */
const SOCKET_CODES = ['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'];
/**
 * PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now (starting up, shutting down, in
 * recovery), too_many_connections; of class 08 only the failures of the connection itself
 * (connection_exception, connection_does_not_exist, connection_failure,
 * sqlclient_unable_to_establish_sqlconnection, sqlserver_rejected_establishment_of_sqlconnection).
 * Not 08P01 protocol_violation: PostgreSQL raises it for a statement's own bug (a bind with the
 * wrong number of parameters, a NUL byte in its text), which must stop the projector at the event.
 *
 * A full disk is the environment's fault, not an event's, on either store: PostgreSQL's 53100
 * disk_full and SQLite's SQLITE_FULL are both waited out (the batch goes in once space is freed;
 * blaming the event would stop the projector until a rebuild). So are SQLite's SQLITE_IOERR (the
 * disk failed; extended codes such as SQLITE_IOERR_WRITE too) and SQLITE_CANTOPEN (the file or
 * its directory cannot be opened: a volume not mounted, permissions).
 */
const SERVER_CODES = ['57P01', '57P02', '57P03', '53300', '53100', '08000', '08003', '08006', '08001', '08004'];
const SQLITE_ENVIRONMENT = /^SQLITE_(IOERR|FULL|CANTOPEN)(_[A-Z_]+)?$/;
const CONNECTION_MESSAGES =
  /Connection terminated|terminating connection due to administrator command|the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)|database "[^"]*" is not currently accepting connections|timeout exceeded when trying to connect|Connection terminated due to connection timeout|Client has encountered a connection error and is not queryable|server closed the connection unexpectedly/i;

/**
 * The read store cannot be reached (connection refused or cut, the server shutting down or
 * starting up, a disk error): nothing an event did, and a later try may succeed. The driver's
 * error may be wrapped (TypeORM's driverError, a cause, an AggregateError of tries).
 */
export function isConnectionError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const { code, message, driverError, cause, errors } = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (SOCKET_CODES.includes(code) || SERVER_CODES.includes(code) || SQLITE_ENVIRONMENT.test(code))) return true;
  if (typeof message === 'string' && CONNECTION_MESSAGES.test(message)) return true;
  const inner = [driverError, cause, ...(Array.isArray(errors) ? errors : [])];
  return inner.some((e) => e !== error && isConnectionError(e, depth + 1));
}

/**
 * The stored checkpoint is behind the position the runner has applied (a migration in another
 * process reset it, or deleted its row, to make the projection replay). Nothing was applied: the
 * runner re-reads its checkpoints and follows the log again from there.
 */
export class CheckpointMovedBackError extends Error {
  constructor(
    readonly projector: string,
    readonly expected: number,
    /** Undefined: the row is gone. */
    readonly stored: number | undefined,
  ) {
    super(
      stored === undefined
        ? `the checkpoint of ${projector} is gone (expected at ${expected})`
        : `the checkpoint of ${projector} moved back from ${expected} to ${stored}`,
    );
    this.name = 'CheckpointMovedBackError';
  }
}

/**
 * Feeds the projectors from the store's subscription. Each projector commits its rows and its
 * checkpoint in one transaction per batch, and re-reads its checkpoint inside that transaction,
 * so a replayed batch, a second process or a rebuild that swapped tables in changes nothing twice.
 * A projector that fails stops (and says so in its status) until a rebuild takes it past the
 * failing event; the others go on. With locks, only
 * the projectors whose lock this process holds run here; the rest wait on standby.
 */
export class ProjectionRunner {
  private readonly checkpoints = new Map<string, number>();
  private readonly failures = new Map<string, NonNullable<ProjectorStatus['failed']>>();
  private readonly leases = new Map<string, ProjectorLease>();
  /** Projectors whose batch waits for the read store to be reachable again. */
  private readonly outages = new Map<string, NonNullable<ProjectorStatus['retrying']>>();
  /** Wakes the waits between tries (on stop, on a lost lock). */
  private readonly sleepers = new Set<() => void>();
  /** When the timer last said the read store is unreachable (it says so at most every 30 s). */
  private unreachableSaidAt = 0;
  /** Projectors whose stored checkpoint moved back: they apply nothing until the runner has resubscribed. */
  private readonly movedBack = new Set<string>();
  private ticking = false;
  /** The subscription failed and has not followed the log since; with the time of the next try (ms). */
  private subscriptionTrouble: (Omit<SubscriptionError, 'retryAt'> & { retryAt: number }) | undefined;
  /** The current subscription once it has delivered a batch or caught up. */
  private confirmed: Subscription | undefined;
  private readonly locks: ProjectorLocks;
  private subscription: Subscription | undefined;
  /**
   * Bumped each time the subscription is closed or replaced. A handler call captures it: once it
   * changed (a checkpoint moved back, a rebuilt projector resumed, a lock taken over, stop()), that
   * call applies nothing more, so it cannot commit with in-memory checkpoints set for the next one.
   */
  private generation = 0;
  /** The handler call in flight, if any (closing from inside it does not wait for it). */
  private handling: Promise<void> | undefined;
  private waiters: Array<{ position: number; resolve: () => void }> = [];
  private lockTimer: NodeJS.Timeout | undefined;
  private running = false;
  /** Statistics are refreshed each time the projected log has doubled. */
  private analyzeAt = 0;
  /** Serialises (re)subscribing with lock takeovers and stop(). */
  private control: Promise<void> = Promise.resolve();
  private readonly logger: ProjectionLogger;
  /** The migrations this code has (read when first needed): a read store with more was migrated by a newer release. */
  private knownMigrations: KnownMigrations | undefined;
  /** Set once the read store turned out newer than this code: it projects nothing more (see standAside). */
  private outdated: { migrations: string[]; since: string } | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly projectors: Projector[],
    logger: RunnerLogger,
    private readonly upcast: (event: StoredEvent) => StoredEvent = (event) => event,
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.locks = options.locks ?? noLocks;
    this.logger = { log: (m) => logger.log(m), error: (m) => logger.error(m), warn: (m) => (logger.warn ?? logger.log)(m) };
  }

  private get known(): KnownMigrations {
    this.knownMigrations ??= knownMigrations(this.dataSource);
    return this.knownMigrations;
  }

  /**
   * Set once this process found the read store migrated by a newer release (migrations its code
   * does not have): it has released its projectors' locks and stands by for good, so a process of
   * that release projects them; restarted on that release, it runs them again.
   */
  get readStoreNewer(): { migrations: string[]; since: string } | undefined {
    return this.outdated && { migrations: [...this.outdated.migrations], since: this.outdated.since };
  }

  /**
   * Takes the locks it can, catches up the projectors it holds, then follows the log live. It
   * returns once they have caught up, or earlier when the read store cannot be reached (a batch
   * waits for it) or the subscription failed: then they catch up in the background while the
   * status says retrying (/health degraded), and the API is not held up by an outage.
   */
  async start(): Promise<void> {
    this.running = true;
    // A process of an older release than the store's makes no checkpoint rows in it (unless the
    // migration commits in between: rows at 0 are harmless, and its batches refuse the store).
    if (!(await this.checkRelease())) await ensureCheckpoints(this.dataSource, this.projectors.map((p) => p.name));
    await this.serially(() => this.acquireAndResubscribe());
    await this.caughtUp();
    await this.refreshStatistics();
    if (this.leases.size < this.projectors.length && !this.outdated) {
      const standby = this.projectors.filter((p) => !this.leases.has(p.name)).map((p) => p.name);
      this.logger.log(`standing by for ${standby.join(', ')}: another process holds their locks`);
    }
    this.lockTimer = setInterval(() => this.tick(), this.options.lockRetryMs ?? 1000);
    this.lockTimer.unref?.();
  }

  /**
   * Until the subscription has caught up with the log. One replaced meanwhile (a checkpoint moved
   * back) is followed to the next; one that fails ends the wait (the timer follows the log again,
   * and subscriptionError says so meanwhile).
   */
  private async caughtUp(): Promise<void> {
    for (;;) {
      // A resubscribe under way finishes first.
      await this.control;
      const subscription = this.subscription;
      if (!subscription) return;
      let timer: NodeJS.Timeout | undefined;
      const settled = await Promise.race([
        subscription.caughtUp.then(
          () => true,
          () => true,
        ),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 50))),
      ]);
      clearTimeout(timer);
      if (settled && this.subscription === subscription) return;
      if (this.outages.size > 0) {
        this.logger.warn(`projection runner: the read store cannot be reached (${[...this.outages.keys()].join(', ')}); catching up in the background`);
        return;
      }
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    if (this.lockTimer) clearInterval(this.lockTimer);
    this.lockTimer = undefined;
    await this.serially(async () => {
      await this.closeSubscription();
      const leases = [...this.leases.values()];
      this.leases.clear();
      for (const lease of leases) await lease.release();
      await this.locks.close();
    });
  }

  get projectorNames(): string[] {
    return this.projectors.map((p) => p.name);
  }

  /** True when this process runs every projector, so its in-memory checkpoints are the truth. */
  get ownsAll(): boolean {
    return this.leases.size === this.projectors.length;
  }

  /** The position every running projector has applied (what a reader can rely on). */
  get position(): number {
    const mine = this.projectors.filter((p) => this.leases.has(p.name));
    if (mine.length === 0) return 0;
    const healthy = mine.filter((p) => !this.failures.has(p.name)).map((p) => this.checkpoints.get(p.name) ?? 0);
    const all = mine.map((p) => this.checkpoints.get(p.name) ?? 0);
    return Math.min(...(this.failures.size > 0 || healthy.length === 0 ? all : healthy));
  }

  status(): ProjectorStatus[] {
    return this.projectors.map((p) => ({
      name: p.name,
      position: this.checkpoints.get(p.name) ?? 0,
      ...(!this.leases.has(p.name) && { standby: true }),
      ...(this.failures.has(p.name) && { failed: this.failures.get(p.name) }),
      ...(this.outages.has(p.name) && { retrying: { ...this.outages.get(p.name)! } }),
    }));
  }

  /**
   * Set while the store's subscription has failed (a read error, a checkpoint beyond the log's
   * head) and the runner has not followed the log again since: it tries again with a backoff
   * meanwhile, and no projector applies anything.
   */
  get subscriptionError(): SubscriptionError | undefined {
    const trouble = this.subscriptionTrouble;
    return trouble && { ...trouble, retryAt: new Date(trouble.retryAt).toISOString() };
  }

  /**
   * The projectors as the checkpoints table has them, whichever process runs them: positions, and
   * a failure the process that runs it stored beside it (until it runs again, or its checkpoint
   * has passed the failing event). What a process that does not run a projector can say of it.
   */
  async storedStatus(): Promise<ProjectorStatus[]> {
    const stored = await readCheckpointStatus(this.dataSource);
    return this.projectors.filter((p) => stored.has(p.name)).map((p) => ({ name: p.name, ...stored.get(p.name)! }));
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

  private async refreshStatistics(): Promise<void> {
    if (this.leases.size === 0) return;
    try {
      await refreshPlannerStatistics(this.dataSource);
    } catch (error) {
      this.logger.warn(`could not refresh the read store's statistics: ${String((error as Error)?.message ?? error)}`);
    }
    this.analyzeAt = Math.max(1000, this.position * 2);
  }

  /** What the timer does, one round at a time: take free locks, resume rebuilt projectors, notice reset checkpoints. */
  private tick(): void {
    if (this.ticking) return;
    this.ticking = true;
    void this.serially(async () => {
      try {
        this.noteRecovered();
        // Before anything else: an idle holder must let the new release's processes take over too.
        let outdated = false;
        await this.quietly(async () => void (outdated = await this.checkRelease()));
        // Nothing more this round (standAside runs next): no replay of a checkpoint the migration reset.
        if (outdated) return;
        if (this.leases.size < this.projectors.length) await this.quietly(() => this.acquireAndResubscribe());
        if (this.failures.size > 0) await this.quietly(() => this.resumeRebuilt());
        await this.followMovedBack();
      } finally {
        this.ticking = false;
      }
    });
  }

  /** A round of the timer that cannot reach the read store (or the lock server) says so in one line, at most every 30 s. */
  private async quietly(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      if (Date.now() - this.unreachableSaidAt < MAX_RETRY_MS) return;
      this.unreachableSaidAt = Date.now();
      this.logger.warn(`projection runner: cannot reach the read store or its locks (${describeConnection(error)}); trying again`);
    }
  }

  private serially(work: () => Promise<void>): Promise<void> {
    const next = this.control.then(work, work);
    this.control = next.catch((error) => this.logger.error(`projection runner: ${String((error as Error)?.stack ?? error)}`));
    return next;
  }

  /**
   * Closes the subscription and waits for its handler call in flight, also when called from
   * inside it (a checkpoint that moved back queues the resubscribe from there, and the store's
   * close() does not wait then): the call, outdated by the new generation, applies nothing more.
   */
  private async closeSubscription(): Promise<void> {
    this.generation += 1;
    this.wake();
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.close();
    await this.handling?.catch(() => undefined);
  }

  /** Takes any free locks; when that changes what this process runs, restarts the subscription. */
  private async acquireAndResubscribe(): Promise<void> {
    // A process of an older release than the store's never takes a projector (over): its callers,
    // start() and the timer, have just looked (checkRelease).
    if (!this.running || this.outdated) return;
    const gained: Array<[Projector, ProjectorLease]> = [];
    let stored: Map<string, number>;
    try {
      for (const projector of this.projectors) {
        if (this.leases.has(projector.name)) continue;
        const lease = await this.locks.tryAcquire(projector.name);
        if (lease) gained.push([projector, lease]);
      }
      // With no subscription after a failure, the timer follows the log again after its backoff.
      if (gained.length === 0 && (this.subscription || this.subscriptionTrouble)) return;
      await this.closeSubscription();
      // Another process may have advanced them while this one stood by.
      stored = await readCheckpoints(this.dataSource);
      // Taken over (or started): it tries the events again, and stores a failure again if one fails.
      if (gained.length > 0) await this.clearStoredFailures(gained.map(([projector]) => projector.name));
    } catch (error) {
      // Locks taken this round and not yet this process's to run would otherwise stay held by
      // nobody's projector: free for the next round here, or for another process.
      for (const [, lease] of gained) await lease.release().catch(() => undefined);
      throw error;
    }
    for (const [projector, lease] of gained) {
      this.checkpoints.set(projector.name, stored.get(projector.name) ?? 0);
      this.failures.delete(projector.name);
      this.movedBack.delete(projector.name);
      this.leases.set(projector.name, lease);
      void lease.lost.then(() => {
        if (this.leases.get(projector.name) !== lease) return;
        this.leases.delete(projector.name);
        // What it said of the projector is no longer current: the new holder's stored status is.
        this.failures.delete(projector.name);
        this.movedBack.delete(projector.name);
        this.outages.delete(projector.name);
        this.wake();
        this.logger.error(`projector ${projector.name} lost its lock; standing by`);
      });
    }
    this.subscribe();
  }

  /**
   * A failed projector stays stopped (its failure shows in the status) until its stored
   * checkpoint has passed the event it failed on: `ledger rebuild --projection NAME` swapped in
   * tables built past it. Then it runs again from there, without a restart.
   */
  private async resumeRebuilt(): Promise<void> {
    if (!this.running || this.outdated || this.failures.size === 0) return;
    const stored = await readCheckpoints(this.dataSource);
    const resumed = [...this.failures].filter(([name, failed]) => this.leases.has(name) && (stored.get(name) ?? 0) >= failed.position);
    if (resumed.length === 0) return;
    await this.clearStoredFailures(resumed.map(([name]) => name));
    for (const [name, failed] of resumed) {
      this.failures.delete(name);
      this.checkpoints.set(name, stored.get(name)!);
      this.logger.log(`projector ${name} runs again from position ${stored.get(name)}: a rebuild applied the log past its failure at ${failed.position}`);
    }
    await this.closeSubscription();
    this.subscribe();
  }

  /**
   * A migration run by another process (a new replica starting) may reset a projection to replay
   * it: `UPDATE projection_checkpoints SET position = 0`, or DELETE of the row with its tables
   * emptied. Then the stored checkpoint is behind what this runner has applied; going on from its
   * own position would skip the events between for good. A batch notices it when it commits
   * (CheckpointMovedBackError); an idle projector when this runs from the timer. Either way the
   * runner re-creates missing rows, takes the stored positions and resubscribes from them.
   */
  private async followMovedBack(): Promise<void> {
    if (!this.running || this.outdated || this.leases.size === 0) return;
    if (!this.subscription && this.subscriptionTrouble && Date.now() < this.subscriptionTrouble.retryAt) return;
    try {
      // In memory before reading: a checkpoint is stored before the runner records it, so only a
      // reset makes the stored one lower than this.
      const applied = new Map(this.checkpoints);
      const stored = await readCheckpoints(this.dataSource);
      const back = (name: string) => this.movedBack.has(name) || !stored.has(name) || stored.get(name)! < (applied.get(name) ?? 0);
      // Also when a round before failed half-way and left no subscription.
      if (this.subscription && ![...this.leases.keys()].some(back)) return;
    } catch (error) {
      // The read store is unreachable: a batch reports that; the next round looks again.
      if (this.movedBack.size > 0) this.logger.warn(`could not re-read the checkpoints to replay ${[...this.movedBack].join(', ')}: ${describe(error)}`);
      return;
    }
    // A checkpoint moved back is what a newer release's migration does. One that committed after
    // this round looked at the release (tick) must not be replayed by this release's code: look
    // again, and stand aside instead.
    let outdated = false;
    await this.quietly(async () => void (outdated = await this.checkRelease()));
    if (outdated || this.outdated) return;
    // No handler call in flight from here on: what is stored now is all there is.
    await this.closeSubscription();
    let before: Map<string, number>;
    let stored: Map<string, number>;
    try {
      before = await readCheckpoints(this.dataSource);
      await ensureCheckpoints(this.dataSource, this.projectors.map((p) => p.name));
      stored = await readCheckpoints(this.dataSource);
    } catch (error) {
      this.followingFailed(error);
      return;
    }
    for (const name of this.leases.keys()) {
      this.movedBack.delete(name);
      const from = this.checkpoints.get(name) ?? 0;
      const to = stored.get(name) ?? 0;
      if (to >= from && before.has(name)) continue;
      this.checkpoints.set(name, to);
      const failed = this.failures.get(name);
      this.failures.delete(name);
      if (failed) await this.clearStoredFailures([name]);
      this.logger.warn(
        `checkpoint of ${name} moved back from ${from} to ${to}${before.has(name) ? '' : ' (its row was deleted; created again)'}: replaying from ${to}` +
          (failed ? ` (it had stopped at ${failed.position}; it runs again)` : ''),
      );
    }
    this.subscribe();
  }

  /** Follows the log from the lowest checkpoint of the projectors this process holds. */
  private subscribe(): void {
    if (this.leases.size === 0 || this.outdated) return;
    const from = Math.min(...[...this.leases.keys()].map((name) => this.checkpoints.get(name) ?? 0));
    const generation = ++this.generation;
    const subscription: Subscription = this.store.subscribeToAll({
      fromPosition: from,
      batchSize: this.options.batchSize,
      onEvents: async (events) => {
        const handling = this.handle(events, generation);
        this.handling = handling;
        try {
          await handling;
        } finally {
          if (this.handling === handling) this.handling = undefined;
        }
        if (generation === this.generation) this.confirmed = subscription;
      },
      onError: (error) => this.followingFailed(error, subscription),
    });
    this.subscription = subscription;
    void subscription.caughtUp.then(
      () => (this.confirmed = subscription),
      () => undefined,
    );
  }

  /**
   * The subscription failed (a read error of the store, a checkpoint beyond the log's head after
   * a takeover, a fault of this runner), or re-reading the checkpoints to follow it again did: not
   * an event's fault. The runner stays alive: the timer follows the log again from the
   * checkpoints, waiting longer after each failure in a row (up to 30 s); `subscriptionError`
   * says so meanwhile (/health: degraded).
   */
  private followingFailed(error: unknown, subscription?: Subscription): void {
    // One closed on purpose (a resubscribe, stop()) has been replaced already.
    if (subscription && this.subscription !== subscription) return;
    if (!this.running) return;
    this.subscription = undefined;
    const attempts = (this.subscriptionTrouble?.attempts ?? 0) + 1;
    const delay = Math.min(MAX_RETRY_MS, (this.options.lockRetryMs ?? 1000) * 2 ** Math.min(attempts - 1, 20));
    const message = describe(error);
    this.subscriptionTrouble = { message, since: this.subscriptionTrouble?.since ?? new Date().toISOString(), attempts, retryAt: Date.now() + delay };
    const detail = attempts === 1 ? String((error as Error)?.stack ?? error) : message;
    this.logger.error(`projection subscription failed (attempt ${attempts}): ${detail}; following the log again from the checkpoints in ${delay} ms`);
  }

  /** A subscription started after a failure has delivered a batch or caught up: the trouble is over. */
  private noteRecovered(): void {
    const trouble = this.subscriptionTrouble;
    if (!trouble) return;
    if (this.leases.size > 0 && !(this.subscription && this.confirmed === this.subscription)) return;
    this.subscriptionTrouble = undefined;
    if (this.leases.size > 0) this.logger.log(`projection subscription follows the log again (after ${trouble.attempts} failure${trouble.attempts === 1 ? '' : 's'} since ${trouble.since})`);
  }

  /**
   * Upcasts one event at a time: one that cannot be (a type or schema version written by a newer
   * version) is that event's failure. It stops every projector that would receive it there, as a
   * failure to apply it would, after the events before it; the subscription goes on.
   *
   * Each projector gets its try before any waits for the read store: one that cannot reach it
   * waits (with the others that could not) only after the rest have had theirs. A call whose
   * generation has passed (the subscription was closed or replaced) applies nothing more.
   */
  private async handle(stored: StoredEvent[], generation: number): Promise<void> {
    const events = stored.map((event): Upcast => {
      try {
        return { event: this.upcast(event) };
      } catch (error) {
        return { event, refused: { position: event.position, eventType: event.type, message: describe(error) } };
      }
    });
    let waiting: Array<{ projector: Projector; error: unknown }> = [];
    try {
      for (const projector of this.projectors) {
        const unreachable = await this.feed(projector, events, generation);
        if (unreachable) waiting.push({ projector, error: unreachable.unreachable });
      }
      while (waiting.length > 0) {
        waiting = waiting.filter(({ projector }) => this.runs(projector.name, generation));
        if (waiting.length === 0) break;
        await this.waitForReadStore(
          waiting.map(({ projector }) => projector.name),
          waiting[0].error,
        );
        const still: typeof waiting = [];
        for (const { projector } of waiting) {
          const unreachable = await this.feed(projector, events, generation);
          if (unreachable) still.push({ projector, error: unreachable.unreachable });
        }
        waiting = still;
      }
    } finally {
      // Given up (stop(), a lost lock, a replaced subscription): its next try starts afresh.
      for (const { projector } of waiting) this.outages.delete(projector.name);
    }
    if (generation !== this.generation) return;
    const position = this.position;
    if (position >= this.analyzeAt && this.analyzeAt > 0) await this.refreshStatistics();
    const ready = this.waiters.filter((w) => w.position <= position);
    this.waiters = this.waiters.filter((w) => w.position > position);
    ready.forEach((w) => w.resolve());
  }

  /** One projector's part of a batch: the events before a refused one, then the refusal. */
  private async feed(projector: Projector, events: Upcast[], generation: number): Promise<{ unreachable: unknown } | undefined> {
    if (!this.runs(projector.name, generation)) return undefined;
    const checkpoint = this.checkpoints.get(projector.name) ?? 0;
    const fresh = events.filter((e) => e.event.position > checkpoint);
    const refused = fresh.findIndex((e) => e.refused);
    const before = (refused < 0 ? fresh : fresh.slice(0, refused)).map((e) => e.event);
    if (before.length > 0) {
      const unreachable = await this.applyBatch(projector, before, generation);
      if (unreachable) return unreachable;
    }
    if (refused < 0 || !this.runs(projector.name, generation)) return undefined;
    // Unless the events before it did not all go in (a failure, a lost lock).
    if (before.length > 0 && (this.checkpoints.get(projector.name) ?? 0) < before[before.length - 1].position) return undefined;
    await this.fail(projector.name, fresh[refused].refused!);
    return undefined;
  }

  /**
   * Commits the batch, retrying lock waits; a failure is located (the event named) and stops the
   * projector. An unreachable read store is no event's fault: nothing is applied, and the caller
   * tries the batch again after a wait (see handle).
   */
  private async applyBatch(projector: Projector, events: StoredEvent[], generation: number): Promise<{ unreachable: unknown } | undefined> {
    const name = projector.name;
    let transient = 0;
    for (;;) {
      if (!this.runs(name, generation)) return undefined;
      const checkpoint = this.checkpoints.get(name) ?? 0;
      const fresh = events.filter((e) => e.position > checkpoint);
      if (fresh.length === 0) return undefined;
      let failure: unknown;
      try {
        const position = await this.commit(projector, fresh);
        if (generation === this.generation) this.checkpoints.set(name, position);
        this.reachedAgain(name);
        return undefined;
      } catch (error) {
        failure = error;
      }
      if (failure instanceof CheckpointMovedBackError) {
        if (generation === this.generation) this.checkpointMovedBack(failure);
        return undefined;
      }
      if (failure instanceof ReadStoreNewerError) {
        this.readStoreIsNewer(failure.migrations);
        return undefined;
      }
      if (isConnectionError(failure)) return { unreachable: failure };
      transient += 1;
      if (isTransientError(failure) && transient < TRANSIENT_ATTEMPTS) {
        await this.pause(Math.min(1000, 20 * 2 ** transient));
        continue;
      }
      // Stopping (or no longer this call's to apply): the batch is tried again by whoever goes on.
      if (!this.runs(name, generation)) return undefined;
      const located = await this.locateFailure(projector, fresh, failure, generation);
      if (located && 'unreachable' in located) return located;
      if (located && this.runs(name, generation)) await this.fail(name, located);
      return undefined;
    }
  }

  /** A batch of a projector that waited for the read store went in. */
  private reachedAgain(name: string): void {
    const outage = this.outages.get(name);
    if (!outage) return;
    this.outages.delete(name);
    this.logger.log(`projector ${name} reaches the read store again (after ${outage.attempts} tr${outage.attempts === 1 ? 'y' : 'ies'} since ${outage.since}); it goes on from position ${this.checkpoints.get(name) ?? 0}`);
  }

  /**
   * One line per try, then a wait that doubles (up to 30 s); status() shows it meanwhile. None
   * when stopping: stop() must not wait out a backoff.
   */
  private async waitForReadStore(names: string[], error: unknown): Promise<void> {
    if (!this.running) return;
    const since = names.map((name) => this.outages.get(name)?.since).find((at) => at !== undefined) ?? new Date().toISOString();
    const attempts = Math.max(0, ...names.map((name) => this.outages.get(name)?.attempts ?? 0)) + 1;
    const message = describeConnection(error);
    for (const name of names) this.outages.set(name, { since: this.outages.get(name)?.since ?? since, attempts, message });
    const delay = Math.min(MAX_RETRY_MS, (this.options.outageRetryMs ?? 500) * 2 ** Math.min(attempts - 1, 20));
    this.logger.warn(
      `projector${names.length === 1 ? '' : 's'} ${names.join(', ')} cannot reach the read store (${message}); trying again in ${delay} ms (try ${attempts}), applying nothing meanwhile`,
    );
    await this.pause(delay);
  }

  /** A wait that stop(), a lost lock and a closed subscription cut short (none at all once stopping). */
  private pause(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }

  private wake(): void {
    for (const done of [...this.sleepers]) done();
  }

  /** Whether this process applies events to that projector now (from that subscription's handler call). */
  private runs(name: string, generation?: number): boolean {
    return (
      this.running &&
      !this.outdated &&
      this.leases.has(name) &&
      !this.failures.has(name) &&
      !this.movedBack.has(name) &&
      (generation === undefined || generation === this.generation)
    );
  }

  /**
   * The projector stops at that event until a rebuild takes it past (see resumeRebuilt). Stored
   * beside its checkpoint too, for the processes that do not run it.
   */
  private async fail(name: string, failed: NonNullable<ProjectorStatus['failed']>): Promise<void> {
    this.failures.set(name, failed);
    this.logger.error(`projector ${name} stopped at position ${failed.position} (${failed.eventType}): ${failed.message}`);
    try {
      await writeFailure(this.dataSource, name, failed);
    } catch (error) {
      this.logger.warn(`could not store the failure of ${name} (other processes' /health will not show it): ${describe(error)}`);
    }
  }

  /** Best effort: a failure left stored is ignored once the checkpoint has passed it. */
  private async clearStoredFailures(names: string[]): Promise<void> {
    try {
      await clearFailures(this.dataSource, names);
    } catch (error) {
      this.logger.warn(`could not clear the stored failure of ${names.join(', ')}: ${describe(error)}`);
    }
  }

  private commit(projector: Projector, events: StoredEvent[]): Promise<number> {
    return commitBatch(this.dataSource, projector, events, {
      logger: this.logger,
      beforeCommit: this.options.beforeCommit,
      expected: this.checkpoints.get(projector.name) ?? 0,
      known: this.known,
    });
  }

  /** Whether the read store is newer than this code (then it stands aside); true once it is. */
  private async checkRelease(): Promise<boolean> {
    if (this.outdated) return true;
    const newer = await newerMigrations(Sql.of(this.dataSource), this.known);
    if (newer.length === 0) return false;
    this.readStoreIsNewer(newer);
    return true;
  }

  /**
   * Applies nothing from now on (runs() is false at once, also for a handler call in flight) and,
   * one round at a time, closes the subscription and releases every lock it holds.
   */
  private readStoreIsNewer(migrations: readonly string[]): void {
    if (this.outdated) return;
    this.outdated = { migrations: [...migrations], since: new Date().toISOString() };
    this.wake();
    this.logger.error(`${new ReadStoreNewerError(migrations).message}. Its projectors are left to a process of that release: it stands by for good`);
    // Not awaited: closing the subscription waits for the handler call this may come from.
    void this.serially(() => this.standAside());
  }

  private async standAside(): Promise<void> {
    await this.closeSubscription();
    const leases = [...this.leases.entries()];
    this.leases.clear();
    this.failures.clear();
    this.movedBack.clear();
    this.outages.clear();
    for (const [name, lease] of leases) {
      await lease.release().catch((error: unknown) => this.logger.warn(`could not release the lock of ${name}: ${describe(error)}`));
    }
  }

  /** Applies nothing more for that projector until the runner has re-read its checkpoints and resubscribed. */
  private checkpointMovedBack(error: CheckpointMovedBackError): void {
    this.movedBack.add(error.projector);
    // Not awaited: closing the subscription waits for this handler call to return.
    void this.serially(() => this.followMovedBack());
  }

  /**
   * Replays the failed batch one event at a time (each in its own transaction) to name the culprit.
   * `unreachable`: the read store could not be reached meanwhile, so no event is to blame.
   */
  private async locateFailure(
    projector: Projector,
    events: StoredEvent[],
    batchError: unknown,
    generation: number,
  ): Promise<NonNullable<ProjectorStatus['failed']> | { unreachable: unknown } | undefined> {
    for (const event of events) {
      if (!this.runs(projector.name, generation)) return undefined;
      if (event.position <= (this.checkpoints.get(projector.name) ?? 0)) continue;
      try {
        const position = await this.commit(projector, [event]);
        if (generation === this.generation) this.checkpoints.set(projector.name, position);
      } catch (error) {
        if (error instanceof CheckpointMovedBackError) {
          if (generation === this.generation) this.checkpointMovedBack(error);
          return undefined;
        }
        if (error instanceof ReadStoreNewerError) {
          this.readStoreIsNewer(error.migrations);
          return undefined;
        }
        if (isConnectionError(error)) return { unreachable: error };
        return { position: event.position, eventType: event.type, message: String((error as Error)?.message ?? error) };
      }
    }
    // Every event went through on its own: the batch failure was not the events' fault.
    this.logger.warn(`projector ${projector.name}: a batch failed (${String((batchError as Error)?.message ?? batchError)}) but its events applied one by one`);
    return undefined;
  }
}

/**
 * One projector, one batch, one transaction: lock and re-read the checkpoint, apply what is new,
 * advance the checkpoint. Returns the projector's position afterwards.
 *
 * `expected` is where the caller has the projector (the position before the batch's first event).
 * A stored checkpoint ahead of it (a rebuild swapped tables in) skips what is already applied; one
 * behind it, or a missing row, means the events between would never be applied: nothing is, and
 * CheckpointMovedBackError says so. With `known`, a read store migrated by a newer release gets
 * nothing either (ReadStoreNewerError), read after the batch has taken the write lock (SQLite) or a
 * row lock on the checkpoints table, which a migration takes in EXCLUSIVE mode first (PostgreSQL),
 * so no migration commits between the check and the batch's commit. A batch that starts while a
 * migration runs waits for it (in the database: stop() waits too), then finds the store newer.
 */
export function commitBatch(
  dataSource: DataSource,
  projector: Projector,
  events: StoredEvent[],
  options: {
    logger?: ProjectionLogger;
    beforeCommit?: ProjectionRunnerOptions['beforeCommit'];
    expected?: number;
    /** The migrations the caller's code has: a store migrated beyond them gets nothing (ReadStoreNewerError). */
    known?: KnownMigrations;
  } = {},
): Promise<number> {
  const body = async (manager: EntityManager) => {
    const context = new ProjectionContext(manager, (table) => table, options.logger);
    const known = options.known?.names.size ? options.known : undefined;
    // The checkpoint's row lock first (the table's, on PostgreSQL, which a migration takes exclusively: see runPendingMigrations).
    const { position: row, migrations } = known
      ? await lockStoredCheckpointAndReadMigrations(context.sql, projector.name)
      : { position: await lockStoredCheckpoint(context.sql, projector.name), migrations: undefined };
    if (known) {
      const newer = await newerMigrations(context.sql, known, migrations);
      if (newer.length > 0) throw new ReadStoreNewerError(newer);
    }
    if (options.expected !== undefined && (row === undefined || row < options.expected)) {
      throw new CheckpointMovedBackError(projector.name, options.expected, row);
    }
    const stored = row ?? 0;
    const fresh = events.filter((e) => e.position > stored);
    const last = events[events.length - 1].position;
    if (fresh.length > 0) {
      await projector.apply(fresh, manager, context);
      await options.beforeCommit?.(projector.name, fresh);
    }
    if (last > stored) await writeCheckpoint(context.sql, projector.name, last);
    return Math.max(stored, last);
  };
  // PostgreSQL: READ COMMITTED whatever the role's default, so the read after the checkpoint's row
  // lock sees a migration that committed while the batch waited for it.
  return dialectOf(dataSource) === 'postgres' ? dataSource.transaction('READ COMMITTED', body) : dataSource.transaction(body);
}

/** An event as the projectors get it, or why it cannot be upcast. */
type Upcast = { event: StoredEvent; refused?: NonNullable<ProjectorStatus['failed']> };

function describe(error: unknown): string {
  return String((error as Error)?.message ?? error);
}

/** A connection error in one line: its code and message (an AggregateError's first inner one). */
function describeConnection(error: unknown): string {
  const { code, message, errors } = (error ?? {}) as { code?: unknown; message?: unknown; errors?: unknown };
  const text = typeof message === 'string' && message !== '' ? message : Array.isArray(errors) && errors.length > 0 ? describe(errors[0]) : String(error);
  return typeof code === 'string' && !text.includes(code) ? `${code}: ${text}` : text;
}
