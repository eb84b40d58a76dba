import { withUsccCheckCharacter } from '@app/domain';
import { findSubjectStreams } from '../queries/subject-streams.query';
import { positionKnownAt } from '../queries/known-at.query';
import { feed, openTestReadStore, storedEvents, tableRows, TestReadStore } from '../testing/read-store-harness';
import { LogInstantsProjector } from './log-instants.projector';
import { SubjectStreamsProjector } from './subject-streams.projector';

const USCC = withUsccCheckCharacter('11370100MB2850123');

const events = storedEvents([
  { streamId: `institution-${USCC}`, type: 'InstitutionRegistered', data: { uscc: USCC, name: '济南高新区管委会', kind: 'GOVERNMENT_ORGAN', regionCode: '370100' }, recordedAt: '2026-01-05T02:00:00.000Z' },
  { streamId: `institution-${USCC}`, type: 'PrincipalLeaderAppointed', data: { uscc: USCC, personId: 'p-wang', name: '王某', title: '主任', effectiveOn: '2022-03-15' }, recordedAt: '2026-01-05T03:00:00.000Z' },
  { streamId: `institution-${USCC}`, type: 'OfficialRegistered', data: { personId: 'p-wang', name: '王某', institutionUscc: USCC, post: '主任' }, recordedAt: '2026-01-05T03:00:00.000Z' },
  {
    streamId: 'commitment-c1',
    type: 'CommitmentMade',
    data: { commitmentId: 'c1', institutionUscc: USCC, kind: 'DEADLINE', domain: 'PPP', title: 't', content: 'c', signedBy: 'p-wang', madeOn: '2024-01-01', dueOn: '2024-02-01', channels: ['PORTAL'] },
    recordedAt: '2026-01-06T03:00:00.000Z',
  },
  {
    streamId: 'record-r1',
    type: 'DishonestyRecorded',
    data: { recordId: 'r1', subject: { kind: 'OFFICIAL', id: 'p-zhao', institutionUscc: USCC }, category: 'OTHER', severity: 'GENERAL', domain: 'OTHER', occurredOn: '2025-01-01', description: 'd', finding: { type: 'VERIFIED_COMPLAINT', documentNo: 'n', authority: 'a', findingOn: '2025-01-02' }, policyProfile: 'national', policyVersion: 'NDRC-2019-527' },
    recordedAt: '2026-01-07T03:00:00.000Z',
  },
  {
    streamId: 'record-r2',
    type: 'AccountabilityRequired',
    data: { recordId: 'r2', obligationId: 'o1', personId: 'p-wang', name: '王某', role: 'LEADER_AT_DEADLINE', uscc: USCC, requiredOn: '2025-04-01' },
    recordedAt: '2026-01-08T03:00:00.000Z',
  },
]);

describe('subject-streams and log-instants projectors', () => {
  let store: TestReadStore;
  const projectors = () => [new SubjectStreamsProjector(), new LogInstantsProjector()];

  beforeEach(async () => {
    store = await openTestReadStore('subject-streams');
  });
  afterEach(async () => {
    await store.close();
  });

  it('indexes every stream that concerns an institution or an official, with the first linking position', async () => {
    await feed(store.dataSource, projectors(), events, 2);
    expect(await findSubjectStreams(store.dataSource, 'INSTITUTION', USCC)).toEqual([
      { streamId: `institution-${USCC}`, relation: 'INSTITUTION', firstPosition: 1 },
      { streamId: 'commitment-c1', relation: 'COMMITMENT', firstPosition: 4 },
    ]);
    expect(await findSubjectStreams(store.dataSource, 'OFFICIAL', 'p-wang')).toEqual([
      { streamId: `institution-${USCC}`, relation: 'APPOINTED', firstPosition: 2 },
      { streamId: 'commitment-c1', relation: 'SIGNATORY', firstPosition: 4 },
      { streamId: 'record-r2', relation: 'ACCOUNTABLE', firstPosition: 6 },
    ]);
    expect(await findSubjectStreams(store.dataSource, 'OFFICIAL', 'p-zhao')).toEqual([{ streamId: 'record-r1', relation: 'RECORD', firstPosition: 5 }]);
    expect(await findSubjectStreams(store.dataSource, 'OFFICIAL', 'p-wang', 4)).toHaveLength(2);
  });

  it('maps an instant to the log prefix known then', async () => {
    await feed(store.dataSource, projectors(), events, 4);
    expect(await tableRows(store.dataSource, 'log_instants')).toHaveLength(5);
    expect(await positionKnownAt(store.dataSource, new Date('2026-01-05T01:00:00Z'))).toBe(0);
    expect(await positionKnownAt(store.dataSource, new Date('2026-01-05T03:00:00Z'))).toBe(3);
    expect(await positionKnownAt(store.dataSource, new Date('2026-01-07T12:00:00Z'))).toBe(5);
    expect(await positionKnownAt(store.dataSource, new Date('2027-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('changes nothing when the same events are fed twice, checkpoint or not', async () => {
    await feed(store.dataSource, projectors(), events, 3);
    const before = [await tableRows(store.dataSource, 'subject_streams'), await tableRows(store.dataSource, 'log_instants')];
    await feed(store.dataSource, projectors(), events, 5);
    await store.dataSource.query('DELETE FROM projection_checkpoints');
    await feed(store.dataSource, projectors(), events, 1);
    expect([await tableRows(store.dataSource, 'subject_streams'), await tableRows(store.dataSource, 'log_instants')]).toEqual(before);
  });
});
