import { commitmentDecider } from '../commitment/commitment.decider';
import { CommitmentEvent } from '../commitment/commitment.events';
import { commitmentMade, findingOn, institution, listedHistory, officialRecorded, recordSpec, recorded } from '../testing/record-fixtures';
import { accountablePersons } from './accountability-trace';
import { RecordEvent } from './record.events';
import { isInPublicationOn, isListedOn, isPubliclyVisibleOn, publicationWindow } from './record.queries';
import { DishonestyRecord } from './record.state';

const recordOf = (...events: RecordEvent[]) => recordSpec(events).state as DishonestyRecord;

describe('publication window (domain.md §4.3, §5)', () => {
  it('MINOR records are never published', () => {
    expect(publicationWindow(recordOf(recorded({ severity: 'MINOR' })))).toEqual({
      published: false,
      firstDay: null,
      lastDay: null,
      minimumLastDay: null,
      earliestRepairOn: null,
    });
  });

  it('GENERAL under NDRC-2019-527: 3 months minimum, 1 year maximum, from findingOn', () => {
    expect(publicationWindow(recordOf(recorded({ severity: 'GENERAL' })))).toEqual({
      published: true,
      firstDay: '2025-01-10',
      lastDay: '2026-01-10',
      minimumLastDay: '2025-04-10',
      earliestRepairOn: '2025-04-11',
    });
  });

  it('SERIOUS found on 2026-03-31 keeps NDRC-2019-527 (6 months); found on 2026-04-01, NDRC-2025-36 (1 year)', () => {
    const before = recordOf(recorded({ occurredOn: '2026-03-01', finding: findingOn('2026-03-31') }));
    const after = recordOf(recorded({ occurredOn: '2026-03-01', finding: findingOn('2026-04-01'), policyVersion: 'NDRC-2025-36' }));
    expect(publicationWindow(before)).toMatchObject({ lastDay: '2029-03-31', earliestRepairOn: '2026-10-01' });
    expect(publicationWindow(after)).toMatchObject({ lastDay: '2029-04-01', earliestRepairOn: '2027-04-02' });
  });

  it('a later policy never changes an old record: the stored version decides', () => {
    const old = recordOf(recorded({ policyVersion: 'NDRC-2019-527' }));
    expect(publicationWindow(old).minimumLastDay).toBe('2025-07-10');
  });

  it('published from findingOn through the last day, not after', () => {
    const record = recordOf(recorded({ severity: 'GENERAL' }));
    expect(isInPublicationOn(record, '2025-01-09')).toBe(false);
    expect(isInPublicationOn(record, '2025-01-10')).toBe(true);
    expect(isInPublicationOn(record, '2026-01-10')).toBe(true);
    expect(isInPublicationOn(record, '2026-01-11')).toBe(false);
  });

  it('records about officials stay out of the public view unless the deployment publishes them', () => {
    const record = recordOf(officialRecorded());
    expect(isPubliclyVisibleOn(record, '2025-02-01', false)).toBe(false);
    expect(isPubliclyVisibleOn(record, '2025-02-01', true)).toBe(true);
    expect(isPubliclyVisibleOn(recordOf(recorded()), '2025-02-01', false)).toBe(true);
  });

  it('a listing is on the list from listedOn through its publication last day', () => {
    const record = recordSpec(listedHistory).state as DishonestyRecord;
    expect(isListedOn(record, '2025-03-31')).toBe(false);
    expect(isListedOn(record, '2025-04-01')).toBe(true);
    expect(isListedOn(record, '2028-04-01')).toBe(true);
    expect(isListedOn(record, '2028-04-02')).toBe(false);
    // Revoked as wrong (LISTING_REVOKED, RECORD_REVOKED): never listed, as its voided ban never was in force; a repair ends it from its day only.
    for (const reason of ['LISTING_REVOKED', 'RECORD_REVOKED'] as const) {
      const revoked = { ...record, listing: { ...record.listing!, delisted: { on: '2025-05-10', reason } } };
      expect(['2025-04-01', '2025-05-09', '2025-05-10'].map((d) => isListedOn(revoked, d))).toEqual([false, false, false]);
    }
    const repaired = { ...record, listing: { ...record.listing!, delisted: { on: '2025-10-10', reason: 'REPAIRED' as const } } };
    expect(['2025-10-09', '2025-10-10'].map((d) => isListedOn(repaired, d))).toEqual([true, false]);
    // Repaired, then revoked (a log from before such a revocation delisted again): the record says so.
    const revokedLater = { ...repaired, status: 'REVOKED' as const };
    expect(isListedOn(revokedLater, '2025-10-09')).toBe(false);
    const listingRevokedLater = {
      ...repaired,
      objections: [{ objectionId: 'obj-1', filedOn: '2025-11-01', grounds: '—', decision: { decidedOn: '2025-11-05', outcome: 'LISTING_REVOKED' as const, reason: '—' } }],
    };
    expect(isListedOn(listingRevokedLater, '2025-10-09')).toBe(false);
  });
});

describe('accountability trace (新官不理旧账)', () => {
  it('names the signatory, the leaders at occurrence and breach, and the leader on the deadline', () => {
    const breached: CommitmentEvent = {
      type: 'CommitmentBreached',
      data: { commitmentId: 'c-1', recordId: 'r-2025-001', on: '2025-07-01', description: 'd', documentNo: 'n', authority: 'a', severity: 'GENERAL' },
    };
    const commitment = [commitmentMade, breached].reduce(commitmentDecider.evolve, commitmentDecider.initialState());
    const record = recordSpec([recorded({ commitmentId: 'c-1' }), ...listedHistory.slice(1)]).state as DishonestyRecord;
    expect(accountablePersons(record, institution, commitment)).toEqual([
      { personId: 'p-wang', name: '王某', roles: ['SIGNATORY', 'LEADER_AT_OCCURRENCE', 'LEADER_AT_DEADLINE'] },
      { personId: 'p-li', name: '李某', roles: ['LEADER_AT_BREACH'] },
    ]);
  });
});
