import { CommitmentEvent, CommitmentState, evolveCommitment, evolveRecord, initialCommitmentState, initialRecordState, RecordState } from '@app/domain';
import fc from 'fast-check';
import { SETUP_INTENTS, scenarioArbitrary } from '../testing/scenario.arbitraries';
import { LedgerScenario } from '../workload/ledger-scenario';
import { GREY_LIST_NEUTRAL_EVENTS, greyListRows } from './grey-list.projector';
import type { SourceState } from './support/stream-states';

describe('grey list: the events it does not re-derive reasons for', () => {
  it('never change any reason or its dates, in any generated history', async () => {
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary(80, 250), async (intents) => {
        const states = new Map<string, SourceState>();
        const scenario = new LedgerScenario(
          async (streamId, events) => {
            for (const event of events) {
              const before = states.get(streamId);
              const category = streamId.startsWith('record-') ? 'record' : streamId.startsWith('commitment-') ? 'commitment' : undefined;
              if (!category) continue;
              const after: SourceState =
                category === 'record'
                  ? { category, state: evolveRecord((before?.state as RecordState) ?? initialRecordState(), event as never) }
                  : { category, state: evolveCommitment((before?.state as CommitmentState) ?? initialCommitmentState(), event as never) };
              states.set(streamId, after);
              const record = after.state as RecordState;
              if (!before || !GREY_LIST_NEUTRAL_EVENTS.has(event.type) || record.status === 'NONE' || !('subject' in record)) continue;
              if (record.subject.kind !== 'INSTITUTION') continue;
              checked += 1;
              expect({ event: event.type, rows: greyListRows(record.subject.id, after) }).toEqual({ event: event.type, rows: greyListRows(record.subject.id, before) });
            }
          },
          '2026-11-22',
          'grey',
        );
        await scenario.run([...SETUP_INTENTS, ...intents]);
      }),
      { numRuns: 25 },
    );
    expect(checked).toBeGreaterThan(100);
  });
});

describe('grey list: an overdue commitment extended later', () => {
  it('keeps the days it was overdue under the old due date, and is overdue again after the new one', () => {
    const uscc = '11370100MB2850123X';
    const events: CommitmentEvent[] = [
      {
        type: 'CommitmentMade',
        data: {
          commitmentId: 'c-late',
          institutionUscc: uscc,
          kind: 'DEADLINE',
          domain: 'INVESTMENT_ATTRACTION',
          title: '奖励30日内兑现',
          content: '30日内兑现',
          signedBy: 'p-wang',
          madeOn: '2025-01-01',
          dueOn: '2025-03-01',
          channels: ['PORTAL'],
        },
      },
      { type: 'CommitmentAmended', data: { commitmentId: 'c-late', on: '2025-05-01', reasonCategory: 'STATUTORY_CHANGE', legalBasis: '条例修订', newDueOn: '2025-12-31' } },
    ];
    const state = events.reduce(evolveCommitment, initialCommitmentState());
    expect(greyListRows(uscc, { category: 'commitment', state })).toEqual([
      { uscc, reason: 'OVERDUE_COMMITMENT', valid_from: '2025-03-02', valid_to: '2025-04-30' },
      { uscc, reason: 'OVERDUE_COMMITMENT', valid_from: '2026-01-01', valid_to: '9999-12-31' },
    ]);
  });
});
