import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { IdempotencyKey } from '@app/read-model';
import { Clock } from '@app/event-store';
import { DataSource, LessThan } from 'typeorm';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { READ_STORE } from '../read-model/tokens';
import { ProblemException } from '../http/problem';
import { CLOCK } from '../time/clock';

export interface StoredResponse {
  requestDigest: string;
  status: number;
  body: unknown;
  /** A request under the key is under way (claimed, not answered yet). */
  pending?: true;
}

/** The status of a claimed key whose request has not answered yet. */
const PENDING = 0;

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
    if (row.status === PENDING) return { requestDigest: row.requestDigest, status: PENDING, body: undefined, pending: true };
    return { requestDigest: row.requestDigest, status: row.status, body: JSON.parse(row.body) };
  }

  /**
   * Claims the key for a request before it runs: a row with its digest and no answer yet. Another
   * request under the key that runs meanwhile finds it, so a different one is refused even when
   * it would write to another stream (which the log alone cannot tell). Gives the row found when
   * the key was taken already (an answer, or a request under way), `undefined` when this request
   * holds the claim (`token`: its own, for `complete` and `withdraw`).
   */
  async claim(sub: string, key: string, requestDigest: string, token: string): Promise<StoredResponse | undefined> {
    // Another claim may get in first and be withdrawn (its request failed) before this one reads
    // it back: the key is free again, and this request tries to claim it once more.
    for (let attempt = 0; ; attempt += 1) {
      const found = await this.find(sub, key);
      if (found) return found;
      await this.insert(sub, key, { requestDigest, status: PENDING, body: { claim: token } });
      const row = await this.dataSource.getRepository(IdempotencyKey).findOneBy({ sub, key });
      if (row && row.status === PENDING && row.body === JSON.stringify({ claim: token })) return undefined;
      if (row) return (await this.find(sub, key)) ?? { requestDigest, status: PENDING, body: undefined, pending: true };
      if (attempt >= 10) throw new ProblemException(409, 'CONFLICT', 'concurrent requests keep taking and freeing this Idempotency-Key; retry');
    }
  }

  /** The answer to the request under way: the first to answer stays (a concurrent twin of the same request finds it). */
  async complete(sub: string, key: string, response: StoredResponse): Promise<void> {
    const claimed = await this.dataSource
      .createQueryBuilder()
      .update(IdempotencyKey)
      .set({ status: response.status, body: JSON.stringify(response.body ?? null) })
      .where('sub = :sub AND idempotency_key = :key AND status = :pending AND request_digest = :digest', { sub, key, pending: PENDING, digest: response.requestDigest })
      .execute();
    // The claim is gone (expired and swept, or freed by a failed twin): stored afresh, the first answer staying.
    if (!claimed.affected) await this.insert(sub, key, response);
  }

  /** A claimed request that failed leaves its key free again (a refused request does not use up its key). */
  async withdraw(sub: string, key: string, token: string): Promise<void> {
    await this.dataSource.getRepository(IdempotencyKey).delete({ sub, key, status: PENDING, body: JSON.stringify({ claim: token }) });
  }

  private async insert(sub: string, key: string, response: StoredResponse): Promise<void> {
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
