import { Column, Entity, PrimaryColumn } from 'typeorm';
import { positionColumn } from './columns';

/** One registered institution, as the integrity archive shows it. */
@Entity({ name: 'institutions' })
export class InstitutionView {
  @PrimaryColumn({ type: 'varchar', length: 18 })
  uscc: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ name: 'region_code', type: 'varchar', length: 6 })
  regionCode: string;

  @Column({ name: 'parent_uscc', type: 'varchar', length: 18, nullable: true })
  parentUscc: string | null;

  /** When the registration was recorded (the event's recordedAt). */
  @Column({ name: 'registered_at', type: 'varchar', length: 30 })
  registeredAt: string;

  /** The log position of InstitutionRegistered: the provenance of this row. */
  @Column(positionColumn({ name: 'registered_position' }))
  registeredPosition: number;
}
