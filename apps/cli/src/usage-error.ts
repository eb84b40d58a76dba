/**
 * A command line that cannot be run as given (a bad option value): `ledger` exits 2, as for an
 * unknown option, not 1, which `verify` and `replay` keep for "the log does not check out".
 */
export class UsageError extends Error {
  readonly usage = true;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const isUsageError = (error: unknown): boolean => error instanceof UsageError || (error as { usage?: unknown })?.usage === true;
