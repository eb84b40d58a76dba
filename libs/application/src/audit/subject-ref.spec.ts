import { withUsccCheckCharacter } from '@app/domain';
import { parseInstant } from './instant';
import { InvalidSubjectError, parseSubjectRef, subjectRef } from './subject-ref';

const USCC = withUsccCheckCharacter('11370100MB2850123');

describe('subject references and instants as auditors type them', () => {
  it('reads KIND:ID in any case, checking the id as its kind requires', () => {
    expect(parseSubjectRef(`institution:${USCC}`)).toEqual({ kind: 'INSTITUTION', id: USCC });
    expect(parseSubjectRef('OFFICIAL:p-li')).toEqual({ kind: 'OFFICIAL', id: 'p-li' });
    expect(subjectRef('Official', 'p_1')).toEqual({ kind: 'OFFICIAL', id: 'p_1' });
    expect(() => parseSubjectRef(`INSTITUTION:${USCC.slice(0, 17)}${USCC[17] === '0' ? '1' : '0'}`)).toThrow(expect.objectContaining({ code: 'INVALID_USCC' }));
    expect(() => parseSubjectRef('OFFICIAL:has space')).toThrow(InvalidSubjectError);
    expect(() => parseSubjectRef('COMPANY:x')).toThrow(/kind must be one of INSTITUTION, OFFICIAL/);
    expect(() => parseSubjectRef('p-li')).toThrow(/expected KIND:ID/);
  });

  it('takes an instant only with a time and a zone, and only a real one', () => {
    expect(parseInstant('2025-05-20T02:00:00Z')?.toISOString()).toBe('2025-05-20T02:00:00.000Z');
    expect(parseInstant('2025-05-20T10:00+08:00')?.toISOString()).toBe('2025-05-20T02:00:00.000Z');
    expect(parseInstant('2024-02-29T00:00:00.123456Z')?.toISOString()).toBe('2024-02-29T00:00:00.123Z');
    for (const bad of ['2025-05-20', '2025-05-20T02:00:00', '2025-02-30T00:00:00Z', '2025-13-01T00:00:00Z', '2025-05-20T24:00:00Z', 'yesterday']) {
      expect(parseInstant(bad)).toBeUndefined();
    }
  });
});
