import { Module } from '@nestjs/common';
import { ProjectionStatusService, READ_STORE } from '@app/application';
import { EVENT_STORE, EventStore } from '@app/event-store';
import type { DataSource } from 'typeorm';
import { AuditModule, IndexedSubjectStreamLocator, projectionWitness } from '@app/application/audit';
import { AuditController } from './audit.controller';
import { SubjectHistoryController } from './subject-history.controller';

/** The auditor's endpoints: subject histories, the log digest, verification, events by position. */
@Module({
  imports: [
    AuditModule.register({
      // The read side's subject_streams index, completed from the log past its checkpoint.
      locator: {
        inject: [READ_STORE, EVENT_STORE],
        useFactory: (readStore: DataSource, store: EventStore) => new IndexedSubjectStreamLocator(readStore, store),
      },
      // The projectors' checkpoints remember how long the log was: a truncated tail shows.
      witnesses: { inject: [ProjectionStatusService], useFactory: (status: ProjectionStatusService) => [projectionWitness(status)] },
    }),
  ],
  controllers: [AuditController, SubjectHistoryController],
})
export class AuditHttpModule {}
