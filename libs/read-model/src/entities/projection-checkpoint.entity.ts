import { Column, Entity, PrimaryColumn } from 'typeorm';
import { positionColumn } from './columns';

/** How far each projector has applied the log; written in the same transaction as its rows. */
@Entity({ name: 'projection_checkpoints' })
export class ProjectionCheckpoint {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  name: string;

  @Column(positionColumn())
  position: number;
}
