import { SubscriptionBeyondHeadError, type StoredEvent, type SubscribeOptions, type Subscription } from '../event-store.port';
import { isInHandlerOf, runAsHandlerOf } from '../subscription-scope';

export interface PollingSubscriptionOptions extends SubscribeOptions {
  readAll(fromPosition: number, limit: number): Promise<StoredEvent[]>;
  headPosition(): Promise<number>;
  /** Registers a wake-up for appends made in this process; returns the unregister function. */
  onAppended(listener: () => void): () => void;
  /** Fallback wake-up for appends made by other processes. */
  pollIntervalMs: number;
  onClosed(): void;
}

/**
 * Catch-up then live over a log with dense, in-order visible positions: it always reads after
 * the last position it delivered, so the switch from catch-up to live can neither skip nor
 * repeat an event.
 */
export class PollingSubscription implements Subscription {
  readonly caughtUp: Promise<void>;
  private resolveCaughtUp!: () => void;
  private rejectCaughtUp!: (error: unknown) => void;
  /** Set by an append notification; cleared before each read, so no wake-up is lost. */
  private pending = false;
  private lastPosition: number;
  private closing = false;
  private wake: (() => void) | undefined;
  private readonly done: Promise<void>;
  private readonly unregister: () => void;

  constructor(private readonly options: PollingSubscriptionOptions) {
    this.lastPosition = options.fromPosition ?? 0;
    this.caughtUp = new Promise((resolve, reject) => {
      this.resolveCaughtUp = resolve;
      this.rejectCaughtUp = reject;
    });
    // A failure is reported through onError; callers need not await caughtUp.
    this.caughtUp.catch(() => undefined);
    this.unregister = options.onAppended(() => {
      this.pending = true;
      this.wake?.();
    });
    this.done = this.loop();
  }

  /** The position of the last event handed to the handler. */
  get position(): number {
    return this.lastPosition;
  }

  /** Waits for a handler call in flight to return, except from inside it (see subscription-scope). */
  async close(): Promise<void> {
    this.closing = true;
    this.wake?.();
    if (!isInHandlerOf(this)) await this.done;
  }

  private async loop(): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    try {
      const headAtStart = await this.options.headPosition();
      if (this.lastPosition > headAtStart) {
        // A checkpoint ahead of the log (e.g. the log restored from an older backup) would
        // silently skip the events appended next: refuse instead.
        throw new SubscriptionBeyondHeadError(this.lastPosition, headAtStart);
      }
      if (this.lastPosition >= headAtStart) this.resolveCaughtUp();
      while (!this.closing) {
        this.pending = false;
        const events = await this.options.readAll(this.lastPosition, batchSize);
        if (this.closing) break;
        if (events.length > 0) {
          await runAsHandlerOf(this, () => this.options.onEvents(events));
          this.lastPosition = events[events.length - 1].position;
          if (this.lastPosition >= headAtStart) this.resolveCaughtUp();
          continue;
        }
        this.resolveCaughtUp();
        await this.sleep();
      }
    } catch (error) {
      this.rejectCaughtUp(error);
      this.options.onError?.(error);
    } finally {
      this.unregister();
      this.options.onClosed();
    }
  }

  private sleep(): Promise<void> {
    if (this.pending || this.closing) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(finish, this.options.pollIntervalMs);
      function finish(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        finish();
      };
    });
  }
}
