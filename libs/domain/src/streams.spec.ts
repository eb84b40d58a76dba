import { banIdForRecord, parseStreamName, recordIdFromBanId, streamNames } from './streams';

describe('stream names', () => {
  it('names one stream per consistency boundary and parses it back', () => {
    expect(streamNames.record('r-2025-001')).toBe('record-r-2025-001');
    expect(parseStreamName('record-r-2025-001')).toEqual({ category: 'record', id: 'r-2025-001' });
    expect(parseStreamName('institution-11370100MB2850123X')).toEqual({ category: 'institution', id: '11370100MB2850123X' });
    expect(parseStreamName('$all')).toBeUndefined();
    expect(parseStreamName('orders-1')).toBeUndefined();
  });

  it('derives the ban id from the record id and back, so a ban finds its record stream', () => {
    const banId = banIdForRecord('r-2025-001');
    expect(banId).toBe('ban-r-2025-001');
    expect(recordIdFromBanId(banId)).toBe('r-2025-001');
    expect(recordIdFromBanId('r-2025-001')).toBeUndefined();
  });
});
