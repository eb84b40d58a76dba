import { DynamicModule, Module } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@app/event-store';
import type { ProjectionStatusService } from '../read-model/projection-status.service';
import { AuditLogService, LOG_WITNESSES, LogWitness } from './audit-log.service';
import { SubjectHistoryReader } from './subject-history';
import { LogSubjectStreamIndex, SUBJECT_STREAM_LOCATOR, SubjectStreamLocator } from './subject-streams';

export interface AuditModuleOptions {
  /** How subjects' streams are found (default: an in-memory index of the log itself). */
  locator?: { inject: unknown[]; useFactory: (...deps: never[]) => SubjectStreamLocator };
  /** Where the witnesses of the log's length come from (the read store, when this process has one). */
  witnesses?: { inject: unknown[]; useFactory: (...deps: never[]) => LogWitness[] | Promise<LogWitness[]> };
}

/**
 * What auditors use, straight from the event store: subject histories, the log digest (signed
 * when `LEDGER_SIGNING_KEY` is set) and full verification. Needs only EVENT_STORE and
 * LEDGER_CONFIG, so the CLI can use it without the HTTP app or the projectors.
 */
@Module({})
export class AuditModule {
  static register(options: AuditModuleOptions = {}): DynamicModule {
    return {
      module: AuditModule,
      providers: [
        options.locator
          ? { provide: SUBJECT_STREAM_LOCATOR, inject: options.locator.inject as never[], useFactory: options.locator.useFactory }
          : { provide: SUBJECT_STREAM_LOCATOR, inject: [EVENT_STORE], useFactory: (store: EventStore) => new LogSubjectStreamIndex(store) },
        {
          provide: SubjectHistoryReader,
          inject: [EVENT_STORE, SUBJECT_STREAM_LOCATOR],
          useFactory: (store: EventStore, locator: SubjectStreamLocator) => new SubjectHistoryReader(store, locator),
        },
        AuditLogService,
        ...(options.witnesses ? [{ provide: LOG_WITNESSES, inject: options.witnesses.inject as never[], useFactory: options.witnesses.useFactory }] : []),
      ],
      exports: [SUBJECT_STREAM_LOCATOR, SubjectHistoryReader, AuditLogService],
    };
  }
}

/** The read store as a witness: its projectors' checkpoints are positions the log once had. */
export function projectionWitness(status: Pick<ProjectionStatusService, 'projectors'>): LogWitness {
  return {
    name: 'read model',
    highestPosition: async () => {
      const projectors = await status.projectors();
      return projectors.length === 0 ? undefined : Math.max(...projectors.map((p) => p.position));
    },
  };
}
