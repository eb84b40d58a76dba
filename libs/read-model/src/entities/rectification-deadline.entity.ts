import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The deadline watcher's worklist: one row per rectification order, OPEN until it can no
 * longer lapse (lapsed, record revoked, or an on-time report accepted). Order ids are numbered
 * per record (`order-1` of every record), so a row is keyed by record and order.
 */
@Entity({ name: 'rectification_deadlines' })
export class RectificationDeadline {
  @PrimaryColumn({ name: 'record_id', type: 'varchar', length: 100 })
  recordId: string;

  @PrimaryColumn({ name: 'order_id', type: 'varchar', length: 100 })
  orderId: string;

  @Column({ type: 'varchar', length: 10 })
  deadline: string;

  @Column({ type: 'varchar', length: 10 })
  status: 'OPEN' | 'SETTLED';

  /** Reports filed on or before the deadline: accepting one of them settles the order. */
  @Column({ name: 'on_time_reports', type: 'text', default: '[]' })
  onTimeReports: string;
}
