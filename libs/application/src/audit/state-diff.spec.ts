import { diffState } from './state-diff';

describe('diffState: what an event changed in a stream state', () => {
  it('names changed, added and removed leaves by path', () => {
    const before = { status: 'ACTIVE', listing: { listedOn: '2025-04-01' }, orders: [{ orderId: 'order-1' }], gone: 1 };
    const after = { status: 'REVOKED', listing: { listedOn: '2025-04-01', delisted: { on: '2025-05-20' } }, orders: [{ orderId: 'order-1', lapsedOn: '2025-04-01' }, { orderId: 'order-2' }] };
    expect(diffState(before, after)).toEqual([
      { path: 'status', before: 'ACTIVE', after: 'REVOKED' },
      { path: 'listing.delisted', after: { on: '2025-05-20' } },
      { path: 'orders[0].lapsedOn', after: '2025-04-01' },
      { path: 'orders[1]', after: { orderId: 'order-2' } },
      { path: 'gone', before: 1 },
    ]);
  });

  it('reports nothing for equal states, and treats an undefined field as absent', () => {
    expect(diffState({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
    expect(diffState({ a: 1, b: undefined }, { a: 1 })).toEqual([]);
    expect(diffState({ a: 1 }, { a: 1, b: undefined })).toEqual([]);
  });

  it('does not descend into parts shared by reference (evolve shares what it does not change)', () => {
    const shared = { deep: { value: 1 } };
    const spy = new Proxy(shared, {
      ownKeys: () => {
        throw new Error('descended into a shared part');
      },
    });
    expect(diffState({ shared: spy, n: 1 }, { shared: spy, n: 2 })).toEqual([{ path: 'n', before: 1, after: 2 }]);
  });

  it('shows a whole new state against the initial one', () => {
    expect(diffState({ status: 'NONE' }, { status: 'MADE', commitmentId: 'c-1' })).toEqual([
      { path: 'status', before: 'NONE', after: 'MADE' },
      { path: 'commitmentId', after: 'c-1' },
    ]);
    expect(diffState(1, [1])).toEqual([{ path: '', before: 1, after: [1] }]);
  });
});
