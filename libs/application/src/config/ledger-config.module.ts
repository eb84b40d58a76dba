import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { LEDGER_CONFIG, LedgerConfig, loadLedgerConfig } from './ledger-config';

/**
 * Validates the environment once at start through ConfigModule and provides the typed
 * LedgerConfig. Tests pass `overrides` instead of touching process.env.
 */
@Global()
@Module({})
export class LedgerConfigModule {
  static forRoot(overrides: Partial<LedgerConfig> = {}): DynamicModule {
    return {
      module: LedgerConfigModule,
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true, validate: (env) => ({ ...env, ledger: loadLedgerConfig(env) }) })],
      providers: [
        {
          provide: LEDGER_CONFIG,
          inject: [ConfigService],
          useFactory: (config: ConfigService): LedgerConfig => ({ ...config.getOrThrow<LedgerConfig>('ledger'), ...overrides }),
        },
      ],
      exports: [LEDGER_CONFIG],
    };
  }
}
