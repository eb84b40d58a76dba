import { AwardBansController } from './award-bans/award-bans.controller';
import { CommitmentsController } from './commitments/commitments.controller';
import { ExemplarsController } from './exemplars/exemplars.controller';
import { LeadersController } from './leadership/leaders.controller';
import { OfficialsController } from './leadership/officials.controller';
import { AccountabilityController } from './records/accountability.controller';
import { ObjectionsController } from './records/objections.controller';
import { RecordsController } from './records/records.controller';
import { RectificationController } from './records/rectification.controller';
import { RepairController } from './records/repair.controller';

/** The command side of the API (and the record/commitment GETs with ETags), for LedgerAppModule. */
export const COMMAND_CONTROLLERS = [
  LeadersController,
  OfficialsController,
  CommitmentsController,
  RecordsController,
  RectificationController,
  AccountabilityController,
  ObjectionsController,
  RepairController,
  AwardBansController,
  ExemplarsController,
];
