import { Column, Entity, PrimaryColumn, PrimaryColumnOptions } from 'typeorm';
import { positionColumn } from './columns';

/**
 * System time: the instant (`recordedAt`) each log position was written. Only the first position
 * of each run of equal instants is kept (one append writes its events with one instant), which is
 * enough to find the log prefix known at an instant: everything before the first later run.
 */
@Entity({ name: 'log_instants' })
export class LogInstant {
  @PrimaryColumn(positionColumn() as PrimaryColumnOptions)
  position: number;

  @Column({ name: 'recorded_at', type: 'varchar', length: 30 })
  recordedAt: string;
}
