import { Module } from '@nestjs/common';
import { ProjectionStatusService } from '@app/application';
import { AuditModule, projectionWitness } from '@app/application/audit';
import { AuditController } from './audit.controller';
import { SubjectHistoryController } from './subject-history.controller';

/** The auditor's endpoints: subject histories, the log digest, verification, events by position. */
@Module({
  imports: [
    AuditModule.register({
      // The projectors' checkpoints remember how long the log was: a truncated tail shows.
      witnesses: { inject: [ProjectionStatusService], useFactory: (status: ProjectionStatusService) => [projectionWitness(status)] },
    }),
  ],
  controllers: [AuditController, SubjectHistoryController],
})
export class AuditHttpModule {}
