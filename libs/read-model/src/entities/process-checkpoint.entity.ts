import { Column, Entity, PrimaryColumn } from 'typeorm';
import { positionColumn } from './columns';

/** How far a process manager (saga) has reacted to the log. */
@Entity({ name: 'process_checkpoints' })
export class ProcessCheckpoint {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  name: string;

  @Column(positionColumn())
  position: number;
}
