import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { ConfigurationError, LEDGER_CONFIG, LedgerConfig, loadLedgerConfig, workingDayCalendarFrom } from './ledger-config';

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
          useFactory: (config: ConfigService): LedgerConfig => {
            const merged: LedgerConfig = { ...config.getOrThrow<LedgerConfig>('ledger'), ...overrides };
            // A calendar file given as an override is read as LEDGER_CALENDAR_FILE would be (the calendar is always the file's).
            if (overrides.calendarFile !== undefined) {
              const problems: string[] = [];
              const { calendar, file } = workingDayCalendarFrom({ LEDGER_CALENDAR_FILE: overrides.calendarFile }, problems);
              if (problems.length > 0) throw new ConfigurationError(problems);
              merged.calendar = calendar;
              merged.calendarFile = file;
            }
            return merged;
          },
        },
      ],
      exports: [LEDGER_CONFIG],
    };
  }
}
