import { DynamicModule, Module } from '@nestjs/common';
import type { Clock } from '@app/event-store';
import { CLOCK, systemClock } from './time/clock';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthGuard } from './auth/auth.guard';
import { AuthModule } from './auth/auth.module';
import { LedgerConfig, LEDGER_CONFIG } from './config/ledger-config';
import { LedgerConfigModule } from './config/ledger-config.module';
import { EventStoreModule, eventStoreOptionsFrom } from './event-store/event-store.module';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { ProjectionPositionInterceptor } from './http/projection-position.interceptor';
import { ledgerValidationPipe } from './http/validation';
import { GetInstitutionArchiveHandler } from './institutions/get-institution-archive.handler';
import { RegisterInstitutionHandler } from './institutions/register-institution.handler';
import { ReadModelModule } from './read-model/read-model.module';
import { READ_SIDE_EXPORTS, READ_SIDE_PROVIDERS } from './read-side/read-side.providers';
import { COMMAND_API_PROVIDERS } from './command-support/command-api.providers';
import { DeadlineWatcher } from './deadlines/deadline-watcher.service';
import { LapseRectificationHandler } from './deadlines/lapse-rectification.handler';
import { GiveCheckFeedbackHandler } from './checks/give-check-feedback.handler';
import { PerformCreditCheckHandler } from './checks/perform-credit-check.handler';
import { CancelRevokedLapseObligationsHandler } from './sagas/cancel-revoked-lapse-obligations.handler';
import { LedgerSagas } from './sagas/ledger.sagas';
import { OpenRecordForBreachHandler } from './sagas/open-record-for-breach.handler';
import { ReassignAccountabilityHandler } from './sagas/reassign-accountability.handler';
import { RevokeDesignationIfListedHandler } from './sagas/revoke-designation-if-listed.handler';
import { RevokeExemplarsForListingHandler } from './sagas/revoke-exemplars-for-listing.handler';
import { SagaRunner } from './sagas/saga-runner';
import { ProcessManagerRelease } from './read-model/process-manager-release';
import { VoidJointPunishmentsHandler } from './sagas/void-joint-punishments.handler';
import { RevokeRestrictedOfficialTitlesHandler } from './sagas/revoke-restricted-official-titles.handler';
import { ProcessManagers } from './sagas/process-managers';

const COMMAND_HANDLERS = [
  LapseRectificationHandler,
  PerformCreditCheckHandler,
  GiveCheckFeedbackHandler,
  OpenRecordForBreachHandler,
  RevokeExemplarsForListingHandler,
  RevokeDesignationIfListedHandler,
  ReassignAccountabilityHandler,
  CancelRevokedLapseObligationsHandler,
  VoidJointPunishmentsHandler,
  RevokeRestrictedOfficialTitlesHandler,
  RegisterInstitutionHandler,
];
const QUERY_HANDLERS = [GetInstitutionArchiveHandler];

/**
 * Everything a process of the ledger needs below its controllers: configuration, the event
 * store, the read store with its projectors, auth, the buses and handlers, and the HTTP
 * conventions (validation pipe, problem+json filter, projection position) as APP_* providers
 * so tests get exactly the production app.
 */
@Module({})
export class ApplicationModule {
  static forRoot(overrides: Partial<LedgerConfig> = {}, clock: Clock = systemClock): DynamicModule {
    return {
      module: ApplicationModule,
      global: true,
      imports: [
        LedgerConfigModule.forRoot(overrides),
        EventStoreModule.forRootAsync({ isGlobal: true, inject: [LEDGER_CONFIG], useFactory: eventStoreOptionsFrom }),
        ReadModelModule,
        AuthModule,
        CqrsModule.forRoot(),
      ],
      providers: [
        { provide: CLOCK, useValue: clock },
        DeadlineWatcher,
        LedgerSagas,
        SagaRunner,
        ProcessManagerRelease,
        ProcessManagers,
        ...COMMAND_HANDLERS,
        ...QUERY_HANDLERS,
        ...READ_SIDE_PROVIDERS,
        { provide: APP_PIPE, useFactory: ledgerValidationPipe },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: ProjectionPositionInterceptor },
        ...COMMAND_API_PROVIDERS,
      ],
      exports: [CqrsModule, CLOCK, DeadlineWatcher, SagaRunner, ProcessManagers, ProcessManagerRelease, ...READ_SIDE_EXPORTS],
    };
  }
}
