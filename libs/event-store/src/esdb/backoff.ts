/** Reconnect delays: exponential, capped, with jitter so many clients do not reconnect in lockstep. */
export interface BackoffOptions {
  /** Delay before the first retry, in ms (default 100). */
  initialMs?: number;
  /** Upper bound of any delay, in ms (default 5000). */
  maxMs?: number;
  /** Share of each delay that is randomised, 0..1 (default 0.5: a delay lands in [d/2, d]). */
  jitter?: number;
}

export const DEFAULT_BACKOFF: Required<BackoffOptions> = { initialMs: 100, maxMs: 5000, jitter: 0.5 };

/** The un-jittered delay before retry number `attempt` (0-based): initial * 2^attempt, capped. */
export function backoffCeiling(attempt: number, options: BackoffOptions = {}): number {
  const { initialMs, maxMs } = { ...DEFAULT_BACKOFF, ...options };
  // Cap the exponent first: 2^attempt overflows to Infinity long before attempt gets large.
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), 30);
  return Math.min(maxMs, initialMs * 2 ** exponent);
}

/** The jittered delay before retry number `attempt`; `random` is injectable for tests. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const { jitter } = { ...DEFAULT_BACKOFF, ...options };
  const ceiling = backoffCeiling(attempt, options);
  const share = Math.min(Math.max(jitter, 0), 1);
  return Math.round(ceiling * (1 - share) + ceiling * share * random());
}
