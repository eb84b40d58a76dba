import { backoffCeiling, backoffDelay } from './backoff';

describe('reconnect backoff', () => {
  it('doubles from 100 ms and stops at 5 s', () => {
    expect(Array.from({ length: 9 }, (_, n) => backoffCeiling(n))).toEqual([
      100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000,
    ]);
  });

  it('does not overflow for large attempt numbers', () => {
    expect(backoffCeiling(10_000)).toBe(5000);
    expect(backoffCeiling(-3)).toBe(100);
  });

  it('jitters each delay within [ceiling/2, ceiling] by default', () => {
    expect(backoffDelay(3, {}, () => 0)).toBe(400);
    expect(backoffDelay(3, {}, () => 1)).toBe(800);
    expect(backoffDelay(3, {}, () => 0.5)).toBe(600);
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const delay = backoffDelay(attempt);
      expect(delay).toBeGreaterThanOrEqual(backoffCeiling(attempt) / 2);
      expect(delay).toBeLessThanOrEqual(backoffCeiling(attempt));
    }
  });

  it('honours custom bounds and jitter', () => {
    const options = { initialMs: 10, maxMs: 50, jitter: 0 };
    expect(Array.from({ length: 5 }, (_, n) => backoffDelay(n, options, () => 0.9))).toEqual([10, 20, 40, 50, 50]);
    expect(backoffDelay(0, { initialMs: 100, jitter: 1 }, () => 0)).toBe(0);
  });
});
