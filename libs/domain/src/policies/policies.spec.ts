import { addDays, fromDayNumber, toDayNumber } from '../values/business-date';
import { POLICY_PROFILES, POLICY_VERSIONS, selectPolicy } from './policies';

describe('policy versions (domain.md §5)', () => {
  it('national: NDRC-2019-527 applies to findings up to 2026-03-31', () => {
    expect(selectPolicy('national', '2026-03-31').version).toBe('NDRC-2019-527');
    expect(selectPolicy('national', '2019-07-01').version).toBe('NDRC-2019-527');
  });

  it('national: NDRC-2025-36 applies to findings from 2026-04-01', () => {
    expect(selectPolicy('national', '2026-04-01').version).toBe('NDRC-2025-36');
  });

  it('the boundary changes the SERIOUS minimum from 6 months to 1 year', () => {
    expect(selectPolicy('national', '2026-03-31').SERIOUS.minimum).toEqual({ count: 6, unit: 'MONTHS' });
    expect(selectPolicy('national', '2026-04-01').SERIOUS.minimum).toEqual({ count: 1, unit: 'YEARS' });
  });

  it('jinan-hitech: JNGX-2020-2 on every date, listing not repairable before expiry', () => {
    const p = selectPolicy('jinan-hitech', '2026-04-01');
    expect(p.version).toBe('JNGX-2020-2');
    expect(p.LISTING.minimum).toEqual(p.LISTING.maximum);
  });

  it('every profile covers every date from 2000 to 2100 with exactly one version', () => {
    for (const profile of POLICY_PROFILES) {
      for (let d = toDayNumber('2000-01-01'); d <= toDayNumber('2100-12-31'); d += 97) {
        const date = fromDayNumber(d);
        const matches = POLICY_VERSIONS.filter(
          (p) =>
            p.profile === profile &&
            (!p.inForceFrom || date >= p.inForceFrom) &&
            (!p.inForceUntil || date <= p.inForceUntil),
        );
        expect(matches).toHaveLength(1);
      }
      expect(() => selectPolicy(profile, addDays('2026-03-31', 1))).not.toThrow();
    }
  });
});
