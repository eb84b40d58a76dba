import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The answer given to a POST with an Idempotency-Key, per caller and key (api.md "Idempotency").
 * Not a projection: it is written by the API after a command succeeded, and never rebuilt.
 */
@Entity({ name: 'idempotency_keys' })
export class IdempotencyKey {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  sub: string;

  @PrimaryColumn({ name: 'idempotency_key', type: 'varchar', length: 200 })
  key: string;

  /** SHA-256 over method, path and canonical body: a different request under the same key is refused. */
  @Column({ name: 'request_digest', type: 'varchar', length: 64 })
  requestDigest: string;

  @Column({ type: 'integer' })
  status: number;

  /** The JSON response body as first sent. */
  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;
}
