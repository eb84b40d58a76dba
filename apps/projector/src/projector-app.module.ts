import { DynamicModule, Module } from '@nestjs/common';
import { ApplicationModule, HealthController, LedgerConfig } from '@app/application';

/** Projectors without the API, for scale-out: only /health is served. */
@Module({})
export class ProjectorAppModule {
  static forRoot(overrides: Partial<LedgerConfig> = {}): DynamicModule {
    return {
      module: ProjectorAppModule,
      imports: [ApplicationModule.forRoot({ runProjectors: true, runProcessManagers: false, ...overrides })],
      controllers: [HealthController],
    };
  }
}
