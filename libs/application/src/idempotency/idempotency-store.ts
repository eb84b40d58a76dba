import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { IdempotencyKey } from '@app/read-model';
import { Clock } from '@app/event-store';
import { DataSource, LessThan } from 'typeorm';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { READ_STORE } from '../read-model/tokens';
import { CLOCK } from '../time/clock';

export interface StoredResponse {
  requestDigest: string;
  status: number;
  body: unknown;
}

/** Expired answers are swept this often (and an expired one is never replayed in between). */
const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Responses to POSTs with an Idempotency-Key, per (sub, key), in the read store's database, kept
 * for `LEDGER_IDEMPOTENCY_TTL_HOURS` (24 by default). After that the key is free again: the stored
 * answer is no longer replayed and the row is swept. A retried command is still recognised by the
 * log itself (event ids derive from the key, and a different body under the key is refused there
 * for the same stream), so expiry drops the cached answer, not the protection against appending twice.
 */
@Injectable()
export class IdempotencyStore implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Idempotency');
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(READ_STORE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.sweeping = this.sweep().catch((error: unknown) => this.logger.warn(`could not sweep expired keys: ${String(error)}`));
    }, SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  /** Before the read store closes: no new sweep, and one under way finishes first. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  async find(sub: string, key: string): Promise<StoredResponse | undefined> {
    const repository = this.dataSource.getRepository(IdempotencyKey);
    const row = await repository.findOneBy({ sub, key });
    if (!row) return undefined;
    if (row.createdAt < this.expiredBefore()) {
      // Expired: the key may be used afresh, so this answer makes way for the next one.
      await repository.delete({ sub, key, createdAt: row.createdAt });
      return undefined;
    }
    return { requestDigest: row.requestDigest, status: row.status, body: JSON.parse(row.body) };
  }

  /** The first answer stays: a concurrent twin of the same request finds the row already there. */
  async save(sub: string, key: string, response: StoredResponse): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(IdempotencyKey)
      .values({
        sub,
        key,
        requestDigest: response.requestDigest,
        status: response.status,
        body: JSON.stringify(response.body ?? null),
        createdAt: this.clock.now().toISOString(),
      })
      .orIgnore()
      .execute();
  }

  /** Deletes every answer stored before the keep period; returns how many. */
  async sweep(): Promise<number> {
    const result = await this.dataSource.getRepository(IdempotencyKey).delete({ createdAt: LessThan(this.expiredBefore()) });
    return result.affected ?? 0;
  }

  /** Answers stored before this instant (ISO-8601, which orders as text) have expired. */
  private expiredBefore(): string {
    return new Date(this.clock.now().getTime() - this.config.idempotencyTtlHours * 3_600_000).toISOString();
  }
}
