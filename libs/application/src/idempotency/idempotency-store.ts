import { Inject, Injectable } from '@nestjs/common';
import { IdempotencyKey } from '@app/read-model';
import { Clock } from '@app/event-store';
import { DataSource } from 'typeorm';
import { READ_STORE } from '../read-model/tokens';
import { CLOCK } from '../time/clock';

export interface StoredResponse {
  requestDigest: string;
  status: number;
  body: unknown;
}

/** Responses to POSTs with an Idempotency-Key, per (sub, key), in the read store's database. */
@Injectable()
export class IdempotencyStore {
  constructor(
    @Inject(READ_STORE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async find(sub: string, key: string): Promise<StoredResponse | undefined> {
    const row = await this.dataSource.getRepository(IdempotencyKey).findOneBy({ sub, key });
    return row ? { requestDigest: row.requestDigest, status: row.status, body: JSON.parse(row.body) } : undefined;
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
}
