import { CalendarDataError, parseYearCalendars, WorkingDayCalendar } from '@app/domain';
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export type EventStoreKind = 'sqlite' | 'esdb';
export type ReadStoreKind = 'sqlite' | 'postgres';
export type PolicyProfile = 'national' | 'jinan-hitech';

/** The service's configuration, validated once at start (api.md "Configuration"). */
export interface LedgerConfig {
  port: number;
  dataDir: string;
  jwtSecret?: string;
  eventStore: EventStoreKind;
  esdbConnectionString?: string;
  readStore: ReadStoreKind;
  databaseUrl?: string;
  /** PostgreSQL schema of the read store (default: the connection's default, usually public). */
  databaseSchema?: string;
  policyProfile: PolicyProfile;
  publishOfficials: boolean;
  /** SQLite durability of the embedded event store; FULL survives a power cut. */
  sqliteSynchronous: 'FULL' | 'NORMAL';
  /** Run the projectors inside this process (the API app does by default). */
  runProjectors: boolean;
  /** Run the deadline watcher and the sagas inside this process (one process per deployment should). */
  runProcessManagers: boolean;
  /** Ed25519 private key (PKCS#8 PEM) that signs `/v1/audit/digest`; unsigned digests without it. */
  signingKey?: string;
  /** How long an Idempotency-Key's answer is kept and replayed; the log still recognises a retried command after that. */
  idempotencyTtlHours: number;
  /** The deployment's calendar file (LEDGER_CALENDAR_FILE): years added to, or replacing, the shipped ones. */
  calendarFile?: string;
  /** The working-day calendar the SLAs count in: the shipped years and the calendar file's. */
  calendar: WorkingDayCalendar;
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigurationError';
  }
}

const oneOf = <T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T, problems: string[]): T => {
  if (value === undefined || value === '') return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  problems.push(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
  return fallback;
};

const flag = (name: string, value: string | undefined, fallback: boolean, problems: string[]): boolean => {
  if (value === undefined || value === '') return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  problems.push(`${name} must be true or false (got "${value}")`);
  return fallback;
};

/** An Ed25519 PEM private key; `\\n` escapes are accepted since one-line env files cannot hold newlines. */
function signingKeyFrom(value: string | undefined, problems: string[]): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const pem = value.includes('\\n') ? value.replace(/\\n/g, '\n') : value;
  try {
    const type = createPrivateKey(pem).asymmetricKeyType;
    if (type === 'ed25519') return pem;
    problems.push(`LEDGER_SIGNING_KEY must be an Ed25519 private key (got ${type})`);
  } catch {
    problems.push('LEDGER_SIGNING_KEY must be an Ed25519 private key in PEM (-----BEGIN PRIVATE KEY-----)');
  }
  return undefined;
}

/**
 * The working-day calendar of a deployment: the shipped years, and those of LEDGER_CALENDAR_FILE
 * (JSON, the shape of calendar.data.ts) when it is set — a year whose State Council notice came
 * out after the release, added without waiting for one. Problems are pushed as configuration
 * problems, each naming its place in the file.
 */
export function workingDayCalendarFrom(env: Record<string, string | undefined>, problems: string[] = []): { calendar: WorkingDayCalendar; file?: string } {
  const shipped = WorkingDayCalendar.shipped();
  const setting = env.LEDGER_CALENDAR_FILE;
  if (setting === undefined || setting.trim() === '') return { calendar: shipped };
  const file = resolve(setting.trim());
  let text: string;
  try {
    // A byte-order mark (some editors write one) is not part of the JSON.
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    problems.push(`LEDGER_CALENDAR_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    return { calendar: shipped, file };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    problems.push(`LEDGER_CALENDAR_FILE: ${file} is not JSON (${(error as Error).message})`);
    return { calendar: shipped, file };
  }
  try {
    return { calendar: shipped.withYears(parseYearCalendars(json)), file };
  } catch (error) {
    if (!(error instanceof CalendarDataError)) throw error;
    problems.push(...error.problems.map((problem) => `LEDGER_CALENDAR_FILE ${problem}`));
    return { calendar: shipped, file };
  }
}

/** Reads and validates the environment; throws ConfigurationError listing every problem. */
export function loadLedgerConfig(env: Record<string, string | undefined>): LedgerConfig {
  const problems: string[] = [];
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT must be a TCP port (got "${env.PORT}")`);
  const eventStore = oneOf('LEDGER_EVENT_STORE', env.LEDGER_EVENT_STORE, ['sqlite', 'esdb'] as const, 'sqlite', problems);
  const readStore = oneOf('LEDGER_READ_STORE', env.LEDGER_READ_STORE, ['sqlite', 'postgres'] as const, 'sqlite', problems);
  if (eventStore === 'esdb' && !env.ESDB_CONNECTION_STRING) {
    problems.push('ESDB_CONNECTION_STRING is required when LEDGER_EVENT_STORE=esdb');
  }
  if (readStore === 'postgres' && !env.DATABASE_URL) problems.push('DATABASE_URL is required when LEDGER_READ_STORE=postgres');
  if (env.LEDGER_JWT_SECRET !== undefined && env.LEDGER_JWT_SECRET.length > 0 && env.LEDGER_JWT_SECRET.length < 16) {
    problems.push('LEDGER_JWT_SECRET must be at least 16 characters');
  }
  const signingKey = signingKeyFrom(env.LEDGER_SIGNING_KEY, problems);
  const idempotencyTtlHours = Number(env.LEDGER_IDEMPOTENCY_TTL_HOURS || 24);
  if (!Number.isInteger(idempotencyTtlHours) || idempotencyTtlHours < 1) {
    problems.push(`LEDGER_IDEMPOTENCY_TTL_HOURS must be a whole number of hours, at least 1 (got "${env.LEDGER_IDEMPOTENCY_TTL_HOURS}")`);
  }
  const calendar = workingDayCalendarFrom(env, problems);
  // Named unquoted in search_path and in the read side's raw SQL: PostgreSQL folds such a name to
  // lower case, so another would name a schema other than the one the migrations create.
  if (env.LEDGER_DATABASE_SCHEMA && !/^[a-z_][a-z0-9_]{0,62}$/.test(env.LEDGER_DATABASE_SCHEMA)) {
    problems.push(
      `LEDGER_DATABASE_SCHEMA must be a lower-case PostgreSQL name: a-z, 0-9 and _, not starting with a digit, at most 63 characters (got "${env.LEDGER_DATABASE_SCHEMA}")`,
    );
  }
  const config: LedgerConfig = {
    port,
    dataDir: resolve(env.LEDGER_DATA_DIR || './data'),
    jwtSecret: env.LEDGER_JWT_SECRET || undefined,
    eventStore,
    esdbConnectionString: env.ESDB_CONNECTION_STRING || undefined,
    readStore,
    databaseUrl: env.DATABASE_URL || undefined,
    databaseSchema: env.LEDGER_DATABASE_SCHEMA || undefined,
    policyProfile: oneOf('LEDGER_POLICY_PROFILE', env.LEDGER_POLICY_PROFILE, ['national', 'jinan-hitech'] as const, 'national', problems),
    publishOfficials: flag('LEDGER_PUBLISH_OFFICIALS', env.LEDGER_PUBLISH_OFFICIALS, false, problems),
    sqliteSynchronous: oneOf('LEDGER_SQLITE_SYNCHRONOUS', env.LEDGER_SQLITE_SYNCHRONOUS, ['FULL', 'NORMAL'] as const, 'FULL', problems),
    runProjectors: flag('LEDGER_RUN_PROJECTORS', env.LEDGER_RUN_PROJECTORS, true, problems),
    runProcessManagers: flag('LEDGER_RUN_PROCESS_MANAGERS', env.LEDGER_RUN_PROCESS_MANAGERS, true, problems),
    signingKey,
    idempotencyTtlHours,
    calendarFile: calendar.file,
    calendar: calendar.calendar,
  };
  if (problems.length > 0) throw new ConfigurationError(problems);
  return config;
}

export const LEDGER_CONFIG = Symbol('LEDGER_CONFIG');
