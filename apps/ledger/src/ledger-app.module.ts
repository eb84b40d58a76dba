import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import type { Clock } from '@app/event-store';
import { ApplicationModule, HealthController, LedgerConfig, ProjectionPositionMiddleware } from '@app/application';
import { ChecksController } from './checks/checks.controller';
import { DeadlineSweepController } from './admin/deadline-sweep.controller';
import { AuditHttpModule } from './audit/audit-http.module';
import { InstitutionsController } from './institutions/institutions.controller';
import { COMMAND_CONTROLLERS } from './command-controllers';
import { READ_SIDE_CONTROLLERS } from './read-side-controllers';

/** The HTTP service: the application below, its controllers on top. */
@Module({})
export class LedgerAppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ProjectionPositionMiddleware).forRoutes('*');
  }

  static forRoot(overrides: Partial<LedgerConfig> = {}, clock?: Clock): DynamicModule {
    return {
      module: LedgerAppModule,
      imports: [ApplicationModule.forRoot(overrides, clock), AuditHttpModule],
      controllers: [ChecksController, DeadlineSweepController, HealthController, InstitutionsController, ...COMMAND_CONTROLLERS, ...READ_SIDE_CONTROLLERS],
    };
  }
}
