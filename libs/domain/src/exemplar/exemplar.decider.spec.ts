import { InstitutionListed, RecordEvent } from '../record/record.events';
import { deciderSpec } from '../testing/decider-spec';
import { RECORD_ID, USCC, listedHistory, officialRecorded, recordSpec, recorded } from '../testing/record-fixtures';
import { DesignateExemplar, VoidJointPunishment } from './exemplar.commands';
import { exemplarDecider, isExemplarActiveOn, jointPunishmentRevocations, restrictionRevocations, revocationInForce } from './exemplar.decider';
import { ExemplarEvent } from './exemplar.events';

const recordsOf = (events: RecordEvent[]) => [recordSpec(events).state];
const spec = deciderSpec(exemplarDecider, { subjectKnown: true, records: [] });

const designate = (designatedOn: string, extra: Partial<DesignateExemplar['data']> = {}): DesignateExemplar => ({
  type: 'DesignateExemplar',
  today: designatedOn,
  data: { exemplarId: 'ex-1', subject: { kind: 'INSTITUTION', id: USCC }, title: '诚信之星', basis: '济高信用办〔2020〕2号 二(一)', designatedOn, ...extra },
});
const designated = (designatedOn: string, validUntil?: string): ExemplarEvent => ({
  type: 'ExemplarDesignated',
  data: {
    exemplarId: 'ex-1',
    subject: { kind: 'INSTITUTION', id: USCC },
    title: '诚信之星',
    basis: '济高信用办〔2020〕2号 二(一)',
    designatedOn,
    ...(validUntil !== undefined && { validUntil }),
  },
});

describe('ExemplarDesignated (domain.md §4.7)', () => {
  it('designates a subject with a clean record', () => {
    spec([], { subjectKnown: true, records: recordsOf([recorded()]) })
      .when(designate('2025-03-01', { validUntil: '2026-02-28' }))
      .then([designated('2025-03-01', '2026-02-28')]);
  });

  it('is refused while an award ban is active on designatedOn (AWARD_BAN_ACTIVE)', () => {
    spec([], { subjectKnown: true, records: recordsOf(listedHistory) })
      .when(designate('2025-04-01'))
      .thenRefuses('AWARD_BAN_ACTIVE', { banId: `ban-${RECORD_ID}` });
  });

  it('is refused while the subject is listed, even after its ban was lifted early (SUBJECT_LISTED)', () => {
    const lifted: RecordEvent = {
      type: 'AwardBanLiftedEarly',
      data: { banId: `ban-${RECORD_ID}`, recordId: RECORD_ID, on: '2025-06-01', legalBasis: 'b', decisionNo: 'n', reason: 'r' },
    };
    spec([], { subjectKnown: true, records: recordsOf([...listedHistory, lifted]) })
      .when(designate('2025-06-02'))
      .thenRefuses('SUBJECT_LISTED');
  });

  it('is allowed the day after the ban expired and the listing ended', () => {
    const events = spec([], { subjectKnown: true, records: recordsOf(listedHistory) })
      .when(designate('2028-04-02'))
      .thenEvents();
    expect(events).toHaveLength(1);
  });

  describe('back-dated: refused only if banned or listed on designatedOn (domain.md §4.7); the sagas revoke it from a later listing', () => {
    // listedHistory: listed and banned from 2025-04-01 (ban to 2028-04-01, listing published to 2028-04-01).
    const backDated = (designatedOn: string, today: string, extra: Partial<DesignateExemplar['data']> = {}): DesignateExemplar => ({
      ...designate(designatedOn, extra),
      today,
    });
    const liftedOn = (on: string): RecordEvent => ({
      type: 'AwardBanLiftedEarly',
      data: { banId: `ban-${RECORD_ID}`, recordId: RECORD_ID, on, legalBasis: 'b', decisionNo: 'n', reason: 'r' },
    });
    const listingRevokedOn = (on: string): RecordEvent[] => [
      { type: 'InstitutionDelisted', data: { recordId: RECORD_ID, uscc: USCC, delistedOn: on, reason: 'LISTING_REVOKED' } },
      { type: 'AwardBanVoided', data: { banId: `ban-${RECORD_ID}`, recordId: RECORD_ID, voidedOn: on, reason: 'LISTING_REVOKED', objectionId: 'obj-1' } },
    ];

    it('a designation dated before a listing already in the log is recorded (a fact of its history), and the listing saga revokes it from the listing day', () => {
      const records = recordsOf(listedHistory);
      spec([], { subjectKnown: true, records }).when(backDated('2025-03-01', '2025-06-01')).then([designated('2025-03-01')]);
      spec([], { subjectKnown: true, records }).when(backDated('2024-06-01', '2025-06-01', { validUntil: '2025-04-01' })).then([designated('2024-06-01', '2025-04-01')]);
      const listed = listedHistory.find((e) => e.type === 'InstitutionListed') as InstitutionListed;
      const title = spec([designated('2025-03-01')]).state;
      expect(jointPunishmentRevocations(listed.data, [title], '2025-06-01').map((c) => c.data)).toEqual([
        { exemplarId: 'ex-1', on: '2025-04-01', reason: 'JOINT_PUNISHMENT', causedByRecordId: RECORD_ID },
      ]);
    });

    it('a designation dated on a listed day is refused: AWARD_BAN_ACTIVE, or SUBJECT_LISTED when the ban was lifted by then', () => {
      const error = spec([], { subjectKnown: true, records: recordsOf(listedHistory) })
        .when(backDated('2025-04-01', '2025-06-01'))
        .thenRefuses('AWARD_BAN_ACTIVE', { banId: `ban-${RECORD_ID}`, on: '2025-04-01' });
      expect(error.message).toContain('2025-04-01');
      spec([], { subjectKnown: true, records: recordsOf([...listedHistory, liftedOn('2025-04-01')]) })
        .when(backDated('2025-04-01', '2025-06-01'))
        .thenRefuses('SUBJECT_LISTED', { recordId: RECORD_ID, on: '2025-04-01' });
    });

    it('a listing revoked as wrong, with its voided ban, refuses no designation: neither was ever in force', () => {
      const records = recordsOf([...listedHistory, ...listingRevokedOn('2025-05-01')]);
      expect(spec([], { subjectKnown: true, records }).when(backDated('2025-03-01', '2025-06-01')).thenEvents()).toEqual([designated('2025-03-01')]);
      expect(spec([], { subjectKnown: true, records }).when(backDated('2025-05-01', '2025-06-01')).thenEvents()).toEqual([designated('2025-05-01')]);
    });

    it('is allowed when its period ends before the listing', () => {
      spec([], { subjectKnown: true, records: recordsOf(listedHistory) })
        .when(backDated('2024-04-01', '2025-06-01', { validUntil: '2025-03-31' }))
        .then([designated('2024-04-01', '2025-03-31')]);
    });

    it('looks no further than today: a clean subject with a period running on is designated', () => {
      spec([], { subjectKnown: true, records: recordsOf([recorded()]) })
        .when(backDated('2024-01-01', '2025-06-01'))
        .then([designated('2024-01-01')]);
    });
  });

  it('is refused for an unknown subject (SUBJECT_NOT_FOUND)', () => {
    spec([], { subjectKnown: false, records: [] }).when(designate('2025-03-01')).thenRefuses('SUBJECT_NOT_FOUND');
  });

  it('refuses validUntil before designatedOn', () => {
    spec([])
      .when(designate('2025-03-01', { validUntil: '2025-02-28' }))
      .thenRefuses('VALIDATION_FAILED');
  });
});

describe('ExemplarRevoked and the joint-punishment saga', () => {
  it('a designation is active until revoked or past validUntil', () => {
    const { state } = spec([designated('2025-03-01', '2026-02-28'), { type: 'ExemplarRevoked', data: { exemplarId: 'ex-1', on: '2025-09-01', reason: 'x' } }]);
    expect(isExemplarActiveOn(state, '2025-08-31')).toBe(true);
    expect(isExemplarActiveOn(state, '2025-09-01')).toBe(false);
    expect(isExemplarActiveOn(spec([designated('2025-03-01', '2026-02-28')]).state, '2026-03-01')).toBe(false);
  });

  it('revokes once', () => {
    const revoked: ExemplarEvent = { type: 'ExemplarRevoked', data: { exemplarId: 'ex-1', on: '2025-09-01', reason: 'x' } };
    spec([designated('2025-03-01'), revoked])
      .when({ type: 'RevokeExemplar', today: '2025-09-02', data: { exemplarId: 'ex-1', on: '2025-09-02', reason: 'y' } })
      .thenRefuses('EXEMPLAR_NOT_ACTIVE');
  });

  it('a listing listed earlier than the one that revoked the title (appended after it) revokes it from its own day; nothing else revokes a revoked title again', () => {
    const byListing: ExemplarEvent = { type: 'ExemplarRevoked', data: { exemplarId: 'ex-1', on: '2025-06-01', reason: 'JOINT_PUNISHMENT', causedByRecordId: 'r-late' } };
    const earlier = { exemplarId: 'ex-1', on: '2025-04-15', reason: 'JOINT_PUNISHMENT', causedByRecordId: 'r-early' };
    const [superseding] = spec([designated('2025-03-01'), byListing])
      .when({ type: 'RevokeExemplar', today: '2025-09-02', data: earlier })
      .then([{ type: 'ExemplarRevoked', data: earlier }]);
    const state = [designated('2025-03-01'), byListing, superseding].reduce(exemplarDecider.evolve, exemplarDecider.initialState());
    expect([isExemplarActiveOn(state, '2025-04-14'), isExemplarActiveOn(state, '2025-04-15'), isExemplarActiveOn(state, '2025-05-31')]).toEqual([true, false, false]);
    // Not from a later day, nor the same one.
    for (const on of ['2025-06-01', '2025-07-01']) {
      spec([designated('2025-03-01'), byListing])
        .when({ type: 'RevokeExemplar', today: '2025-09-02', data: { ...earlier, on } })
        .thenRefuses('EXEMPLAR_NOT_ACTIVE');
    }
    // One by hand from a later day too (kept aside); from the same day or an earlier one, not.
    const byHand = (on: string): ExemplarEvent => ({ type: 'ExemplarRevoked', data: { exemplarId: 'ex-1', on, reason: '主动撤销' } });
    spec([designated('2025-03-01'), byHand('2025-06-01')]).when({ type: 'RevokeExemplar', today: '2025-09-02', data: earlier }).then([{ type: 'ExemplarRevoked', data: earlier }]);
    spec([designated('2025-03-01'), byHand('2025-04-15')]).when({ type: 'RevokeExemplar', today: '2025-09-02', data: earlier }).thenRefuses('EXEMPLAR_NOT_ACTIVE');
    // And jointPunishmentRevocations asks for it alike.
    const listed = (listedHistory.find((e) => e.type === 'InstitutionListed') as InstitutionListed).data;
    const early = { ...listed, recordId: 'r-early', listedOn: '2025-04-15' };
    const revokedBy = (event: ExemplarEvent) => [designated('2025-03-01'), event].reduce(exemplarDecider.evolve, exemplarDecider.initialState());
    expect(jointPunishmentRevocations(early, [revokedBy(byListing)], '2025-09-02').map((c) => c.data)).toEqual([earlier]);
    expect(jointPunishmentRevocations(early, [revokedBy(byHand('2025-06-01'))], '2025-09-02').map((c) => c.data)).toEqual([earlier]);
    expect(jointPunishmentRevocations(early, [revokedBy(byHand('2025-04-15'))], '2025-09-02')).toEqual([]);
    expect(jointPunishmentRevocations({ ...early, listedOn: '2025-06-01' }, [revokedBy(byListing)], '2025-09-02')).toEqual([]);
  });

  it('the red list is the same whichever of a revocation by hand and a listing\'s was entered first; voiding the listing\'s brings the one by hand back', () => {
    const joint: ExemplarEvent = { type: 'ExemplarRevoked', data: { exemplarId: 'ex-1', on: '2025-04-01', reason: 'JOINT_PUNISHMENT', causedByRecordId: RECORD_ID } };
    const byHand = (on: string): ExemplarEvent => ({ type: 'ExemplarRevoked', data: { exemplarId: 'ex-1', on, reason: '主动撤销' } });
    const stateOf = (events: ExemplarEvent[]) => events.reduce(exemplarDecider.evolve, exemplarDecider.initialState());
    // By hand from a later day, then the listing: the listing's supersedes it and keeps it aside.
    const handFirst = stateOf([designated('2025-03-01'), byHand('2025-06-01'), joint]);
    expect(handFirst).toMatchObject({ revoked: { on: '2025-04-01', reason: 'JOINT_PUNISHMENT' }, handRevocationAside: { on: '2025-06-01', reason: '主动撤销' } });
    // The listing first: a revocation by hand from a later day is kept aside the same way; from an earlier day it takes over.
    spec([designated('2025-03-01'), joint]).when({ type: 'RevokeExemplar', today: '2025-09-02', data: byHand('2025-06-01').data as never }).then([byHand('2025-06-01')]);
    const listingFirst = stateOf([designated('2025-03-01'), joint, byHand('2025-06-01')]);
    expect(listingFirst).toEqual(handFirst);
    spec([designated('2025-03-01'), joint]).when({ type: 'RevokeExemplar', today: '2025-09-02', data: byHand('2025-03-15').data as never }).then([byHand('2025-03-15')]);
    expect(stateOf([designated('2025-03-01'), joint, byHand('2025-03-15')])).toMatchObject({ revoked: { on: '2025-03-15', reason: '主动撤销' } });
    expect(stateOf([designated('2025-03-01'), joint, byHand('2025-03-15')])).not.toHaveProperty('handRevocationAside');
    // Aside already from that day or an earlier one: nothing to add (refused); from an earlier day, it replaces the one aside.
    spec([designated('2025-03-01'), joint, byHand('2025-06-01')]).when({ type: 'RevokeExemplar', today: '2025-09-02', data: byHand('2025-07-01').data as never }).thenRefuses('EXEMPLAR_NOT_ACTIVE');
    spec([designated('2025-03-01'), joint, byHand('2025-06-01')]).when({ type: 'RevokeExemplar', today: '2025-09-02', data: byHand('2025-05-01').data as never }).then([byHand('2025-05-01')]);
    expect(stateOf([designated('2025-03-01'), joint, byHand('2025-06-01'), byHand('2025-05-01')])).toMatchObject({ revoked: { on: '2025-04-01' }, handRevocationAside: { on: '2025-05-01' } });
    // Over one by hand, one by hand from an earlier day takes over; from the same or a later one it adds nothing.
    spec([designated('2025-03-01'), byHand('2025-06-01')]).when({ type: 'RevokeExemplar', today: '2025-09-02', data: byHand('2025-05-01').data as never }).then([byHand('2025-05-01')]);
    spec([designated('2025-03-01'), byHand('2025-06-01')]).when({ type: 'RevokeExemplar', today: '2025-09-02', data: byHand('2025-06-01').data as never }).thenRefuses('EXEMPLAR_NOT_ACTIVE');
    // On the same day, the one by hand stands, whichever came first (the sagas make none over it).
    spec([designated('2025-03-01'), joint]).when({ type: 'RevokeExemplar', today: '2025-09-02', data: byHand('2025-04-01').data as never }).then([byHand('2025-04-01')]);
    expect(stateOf([designated('2025-03-01'), joint, byHand('2025-04-01')])).toEqual(stateOf([designated('2025-03-01'), byHand('2025-04-01')]));
    spec([designated('2025-03-01'), byHand('2025-04-01')]).when({ type: 'RevokeExemplar', today: '2025-09-02', data: joint.data as never }).thenRefuses('EXEMPLAR_NOT_ACTIVE');
    // Voided, the listing's revocation never was: the one by hand is in force again, from its own day.
    const voided: ExemplarEvent = { type: 'ExemplarRevocationVoided', data: { exemplarId: 'ex-1', recordId: RECORD_ID, voidedOn: '2025-05-09', reason: 'LISTING_REVOKED', objectionId: 'obj-1' } };
    const after = stateOf([designated('2025-03-01'), byHand('2025-06-01'), joint, voided]);
    expect(after).toMatchObject({ revoked: { on: '2025-06-01', reason: '主动撤销' } });
    expect(after).not.toHaveProperty('handRevocationAside');
    expect([isExemplarActiveOn(after, '2025-04-01'), isExemplarActiveOn(after, '2025-05-31'), isExemplarActiveOn(after, '2025-06-01')]).toEqual([true, true, false]);
    // revocationInForce folds alike: the one by hand after the voiding; the listing's before it.
    const events = [designated('2025-03-01'), byHand('2025-06-01'), joint, voided];
    expect(revocationInForce(events)).toBe(events[1]);
    expect(revocationInForce(events.slice(0, 3))).toBe(events[2]);
    // A second listing's revocation from an earlier day keeps the one by hand aside.
    const earlier: ExemplarEvent = { type: 'ExemplarRevoked', data: { exemplarId: 'ex-1', on: '2025-03-20', reason: 'JOINT_PUNISHMENT', causedByRecordId: 'r-early' } };
    expect(stateOf([designated('2025-03-01'), byHand('2025-06-01'), joint, earlier])).toMatchObject({ handRevocationAside: { on: '2025-06-01' } });
    expect(revocationInForce([...events.slice(0, 3), earlier, voided])).toBe(events[1]);
    // Two by hand and the listing's, in any order the decider accepts, then the voiding: the earlier by hand stands.
    const orders = [
      [byHand('2025-06-01'), byHand('2025-05-01'), joint],
      [joint, byHand('2025-06-01'), byHand('2025-05-01')],
      [byHand('2025-06-01'), joint, byHand('2025-05-01')],
      [joint, byHand('2025-05-01'), byHand('2025-06-01')],
    ];
    for (const order of orders) {
      let events: ExemplarEvent[] = [designated('2025-03-01')];
      for (const next of order) {
        const data = next.data as { on: string };
        const decided = spec(events).when({ type: 'RevokeExemplar', today: '2025-09-02', data: next.data as never });
        // The later one by hand adds nothing once the earlier stands (in force or aside): refused, as the decider says.
        try {
          events = [...events, ...decided.thenEvents()];
        } catch (error) {
          expect([(error as { code?: string }).code, data.on]).toEqual(['EXEMPLAR_NOT_ACTIVE', '2025-06-01']);
        }
      }
      expect(stateOf([...events, voided])).toMatchObject({ revoked: { on: '2025-05-01', reason: '主动撤销' } });
    }
    // Entered after the listing's, the one by hand is in force after the voiding too.
    const listingThenHand = [designated('2025-03-01'), joint, byHand('2025-06-01'), voided];
    expect(revocationInForce(listingThenHand)).toBe(listingThenHand[2]);
    expect(stateOf(listingThenHand)).toEqual(after);
  });

  it('a revocation by hand may not give the listing saga\'s reason JOINT_PUNISHMENT (400 on reason)', () => {
    spec([designated('2025-03-01')])
      .when({ type: 'RevokeExemplar', today: '2025-04-01', data: { exemplarId: 'ex-1', on: '2025-04-01', reason: 'JOINT_PUNISHMENT' } })
      .thenRefuses('VALIDATION_FAILED');
    spec([designated('2025-03-01')])
      .when({ type: 'RevokeExemplar', today: '2025-04-01', data: { exemplarId: 'ex-1', on: '2025-04-01', reason: ' joint_punishment\n' } })
      .thenRefuses('VALIDATION_FAILED');
    for (const reason of ['JOINT PUNISHMENT', 'Joint-Punishment', 'ＪＯＩＮＴ＿ＰＵＮＩＳＨＭＥＮＴ', 'JOINT\u200bPUNISHMENT']) {
      spec([designated('2025-03-01')])
        .when({ type: 'RevokeExemplar', today: '2025-04-01', data: { exemplarId: 'ex-1', on: '2025-04-01', reason } })
        .thenRefuses('VALIDATION_FAILED');
    }
  });

  it('a listing revokes every active red-list designation of the institution (JOINT_PUNISHMENT)', () => {
    const listed = listedHistory.find((e) => e.type === 'InstitutionListed') as InstitutionListed;
    const active = spec([designated('2024-06-01')]).state;
    const expired = spec([
      { ...designated('2023-01-01', '2024-01-01'), data: { ...designated('2023-01-01', '2024-01-01').data, exemplarId: 'ex-0' } } as ExemplarEvent,
    ]).state;
    const commands = jointPunishmentRevocations(listed.data, [active, expired], '2025-04-01');
    expect(commands).toEqual([
      { type: 'RevokeExemplar', today: '2025-04-01', data: { exemplarId: 'ex-1', on: '2025-04-01', reason: 'JOINT_PUNISHMENT', causedByRecordId: RECORD_ID } },
    ]);
    spec([designated('2024-06-01')])
      .when(commands[0])
      .then([{ type: 'ExemplarRevoked', data: { exemplarId: 'ex-1', on: '2025-04-01', reason: 'JOINT_PUNISHMENT', causedByRecordId: RECORD_ID } }]);
  });

  it('revokes by valid time, not by log order: a back-dated title in force during the listing, not one from after it ended', () => {
    const listed = (listedHistory.find((e) => e.type === 'InstitutionListed') as InstitutionListed).data;
    const as = (exemplarId: string, designatedOn: string, validUntil?: string) =>
      spec([{ ...designated(designatedOn, validUntil), data: { ...designated(designatedOn, validUntil).data, exemplarId } } as ExemplarEvent]).state;
    const duringListing = as('ex-during', '2025-05-01');
    const afterDelisting = as('ex-after', '2025-07-01');
    const endedBefore = as('ex-before', '2024-01-01', '2025-03-31');

    const revocations = jointPunishmentRevocations(listed, [duringListing, afterDelisting, endedBefore], '2025-08-01', { on: '2025-07-01' });
    expect(revocations.map((c) => [c.data.exemplarId, c.data.on])).toEqual([['ex-during', '2025-05-01']]);
    // Without a delisting the listing runs to its publication's last day and takes both.
    expect(jointPunishmentRevocations(listed, [duringListing, afterDelisting], '2025-08-01').map((c) => c.data.exemplarId)).toEqual(['ex-during', 'ex-after']);
    // Delisted on the listing day: never on the list, nothing to revoke.
    expect(jointPunishmentRevocations(listed, [duringListing], '2025-08-01', { on: '2025-04-01' })).toEqual([]);
    // Revoked as wrong: never in force, so it punishes no title — the designation saga then leaves
    // alone what the designation rule allowed; a repair ends it only from its day.
    for (const reason of ['LISTING_REVOKED', 'RECORD_REVOKED']) {
      expect(jointPunishmentRevocations(listed, [duringListing], '2025-08-01', { on: '2025-07-01', reason })).toEqual([]);
    }
    expect(jointPunishmentRevocations(listed, [duringListing], '2025-08-01', { on: '2025-07-01', reason: 'REPAIRED' }).map((c) => c.data.exemplarId)).toEqual(['ex-during']);
  });
});

describe('ExemplarDesignated for an official whose record restricts award evaluations (限制评优评先, domain.md §4.8)', () => {
  const official = { kind: 'OFFICIAL' as const, id: 'p-zhao' };
  const designateOfficial = (designatedOn: string, today = designatedOn): DesignateExemplar => ({ ...designate(designatedOn), today, data: { ...designate(designatedOn).data, subject: official } });
  const exempted: RecordEvent = {
    type: 'MitigationDecided',
    data: { recordId: RECORD_ID, personId: 'p-zhao', decidedOn: '2025-01-20', effect: 'EXEMPTED', basis: '主动挽回损失' },
  };

  it('is refused while a GENERAL or SERIOUS record about the official is in publication (SUBJECT_RESTRICTED), as an AWARD_EVALUATION check answers RESTRICTED', () => {
    for (const severity of ['GENERAL', 'SERIOUS'] as const) {
      spec([], { subjectKnown: true, records: recordsOf([officialRecorded({ severity })]) })
        .when(designateOfficial('2025-03-01'))
        .thenRefuses('SUBJECT_RESTRICTED', { recordId: RECORD_ID, on: '2025-03-01' });
    }
  });

  it('back-dated before the finding, it is recorded (the restriction saga revokes it from the finding day); dated in the publication, refused', () => {
    const records = recordsOf([officialRecorded()]);
    spec([], { subjectKnown: true, records })
      .when(designateOfficial('2024-12-01', '2025-03-01'))
      .then([{ ...designated('2024-12-01'), data: { ...designated('2024-12-01').data, subject: official } } as ExemplarEvent]);
    spec([], { subjectKnown: true, records }).when(designateOfficial('2025-01-10', '2025-03-01')).thenRefuses('SUBJECT_RESTRICTED', { recordId: RECORD_ID, on: '2025-01-10' });
  });

  it('is allowed for a MINOR record, after an exempting mitigation, and once the record left publication', () => {
    const allowed = (events: RecordEvent[], designatedOn: string) =>
      spec([], { subjectKnown: true, records: recordsOf(events) }).when(designateOfficial(designatedOn)).thenEvents();
    expect(allowed([officialRecorded({ severity: 'MINOR' })], '2025-03-01')).toHaveLength(1);
    expect(allowed([officialRecorded(), exempted], '2025-03-01')).toHaveLength(1);
    // SERIOUS under NDRC-2019-527: published for at most 3 years from 2025-01-10.
    expect(allowed([officialRecorded()], '2028-01-11')).toHaveLength(1);
  });
});

describe('ExemplarRevocationVoided: a listing found wrong punishes no title (domain.md §4.4, §4.5)', () => {
  const revokedBy = (causedByRecordId?: string, reason = 'JOINT_PUNISHMENT'): ExemplarEvent => ({
    type: 'ExemplarRevoked',
    data: { exemplarId: 'ex-1', on: '2025-04-01', reason, ...(causedByRecordId !== undefined && { causedByRecordId }) },
  });
  const voidFor = (recordId = RECORD_ID): VoidJointPunishment => ({ type: 'VoidJointPunishment', today: '2025-06-01', data: { exemplarId: 'ex-1', recordId } });
  const objection = (outcome: 'LISTING_REVOKED' | 'RECORD_REVOKED' | 'REJECTED'): RecordEvent[] => [
    { type: 'ObjectionFiled', data: { recordId: RECORD_ID, objectionId: 'obj-1', filedOn: '2025-05-02', grounds: '整改按期完成' } },
    { type: 'ObjectionDecided', data: { recordId: RECORD_ID, objectionId: 'obj-1', decidedOn: '2025-05-09', outcome, reason: '列入有误' } },
    ...(outcome === 'LISTING_REVOKED'
      ? [{ type: 'InstitutionDelisted', data: { recordId: RECORD_ID, uscc: USCC, delistedOn: '2025-05-09', reason: 'LISTING_REVOKED' } } as RecordEvent]
      : outcome === 'RECORD_REVOKED'
        ? [
            { type: 'RecordRevoked', data: { recordId: RECORD_ID, revokedOn: '2025-05-09', reason: '认定错误', objectionId: 'obj-1' } } as RecordEvent,
            { type: 'InstitutionDelisted', data: { recordId: RECORD_ID, uscc: USCC, delistedOn: '2025-05-09', reason: 'RECORD_REVOKED' } } as RecordEvent,
          ]
        : []),
  ];
  const contextWith = (recordEvents: RecordEvent[], revocationCause: string | undefined = RECORD_ID) => ({
    subjectKnown: true,
    records: recordsOf(recordEvents),
    ...(revocationCause !== undefined && { revocationCause }),
  });

  it.each(['LISTING_REVOKED', 'RECORD_REVOKED'] as const)('voids the revocation the listing caused when an objection decides %s, dated by the decision', (outcome) => {
    const given = [designated('2025-01-01', '2026-12-31'), revokedBy(RECORD_ID)];
    const [voided] = spec(given, contextWith([...listedHistory, ...objection(outcome)]))
      .when(voidFor())
      .then([{ type: 'ExemplarRevocationVoided', data: { exemplarId: 'ex-1', recordId: RECORD_ID, voidedOn: '2025-05-09', reason: outcome, objectionId: 'obj-1' } }]);
    // Never in force: active on every day of the designation, the revoked day included; the voiding kept.
    const state = [...given, voided].reduce(exemplarDecider.evolve, exemplarDecider.initialState());
    for (const date of ['2025-01-01', '2025-04-01', '2025-05-09', '2026-12-31']) expect(isExemplarActiveOn(state, date)).toBe(true);
    expect(isExemplarActiveOn(state, '2027-01-01')).toBe(false);
    expect(state).toMatchObject({
      voidedRevocations: [{ revokedOn: '2025-04-01', reason: 'JOINT_PUNISHMENT', recordId: RECORD_ID, voidedOn: '2025-05-09', voidReason: outcome, objectionId: 'obj-1' }],
    });
    expect(state).not.toHaveProperty('revoked');
    // A title voided can be revoked again, by hand or by another listing.
    spec([...given, voided])
      .when({ type: 'RevokeExemplar', today: '2025-06-01', data: { exemplarId: 'ex-1', on: '2025-06-01', reason: '主动撤销' } })
      .then([{ type: 'ExemplarRevoked', data: { exemplarId: 'ex-1', on: '2025-06-01', reason: '主动撤销' } }]);
  });

  it('voids nothing while the listing stands, or after an objection rejected', () => {
    const given = [designated('2025-01-01'), revokedBy(RECORD_ID)];
    expect(spec(given, contextWith(listedHistory)).when(voidFor()).thenEvents()).toEqual([]);
    expect(spec(given, contextWith([...listedHistory, ...objection('REJECTED')])).when(voidFor()).thenEvents()).toEqual([]);
  });

  it('voids nothing but a revocation that record caused: not one by hand, not one by another listing, not one already voided', () => {
    const revoked = contextWith([...listedHistory, ...objection('LISTING_REVOKED')]);
    expect(spec([designated('2025-01-01'), revokedBy(undefined, '主动撤销')], contextWith([...listedHistory, ...objection('LISTING_REVOKED')], undefined)).when(voidFor()).thenEvents()).toEqual([]);
    expect(spec([designated('2025-01-01'), revokedBy('r-other')], contextWith([...listedHistory, ...objection('LISTING_REVOKED')], 'r-other')).when(voidFor()).thenEvents()).toEqual([]);
    const [voided] = spec([designated('2025-01-01'), revokedBy(RECORD_ID)], revoked).when(voidFor()).thenEvents();
    expect(spec([designated('2025-01-01'), revokedBy(RECORD_ID), voided], revoked).when(voidFor()).thenEvents()).toEqual([]);
    expect(spec([designated('2025-01-01')], revoked).when(voidFor()).thenEvents()).toEqual([]);
    spec([], revoked).when(voidFor()).thenRefuses('NOT_FOUND');
  });
});

describe('An official whose record restricts award evaluations loses the titles in force on a restricted day (restriction saga)', () => {
  // officialRecorded: SERIOUS, findingOn 2025-01-10, in publication (NDRC-2019-527) to 2028-01-10.
  const official = { kind: 'OFFICIAL' as const, id: 'p-zhao' };
  const titleOf = (designatedOn: string, validUntil?: string, exemplarId = 'ex-1'): ExemplarEvent => ({
    type: 'ExemplarDesignated',
    data: { exemplarId, subject: official, title: '诚信之星', basis: '评定', designatedOn, ...(validUntil !== undefined && { validUntil }) },
  });
  const revoked = (on: string, causedByRecordId?: string, reason = 'JOINT_PUNISHMENT'): ExemplarEvent => ({
    type: 'ExemplarRevoked',
    data: { exemplarId: 'ex-1', on, reason, ...(causedByRecordId !== undefined && { causedByRecordId }) },
  });
  const stateOf = (events: ExemplarEvent[]) => events.reduce(exemplarDecider.evolve, exemplarDecider.initialState());
  const record = (events: RecordEvent[]) => recordSpec(events).state;
  const objectionDecided = (outcome: 'CORRECTED' | 'RECORD_REVOKED', decidedOn = '2025-06-10'): RecordEvent[] => [
    { type: 'ObjectionFiled', data: { recordId: RECORD_ID, objectionId: 'obj-1', filedOn: '2025-06-01', grounds: '认定有误' } },
    { type: 'ObjectionDecided', data: { recordId: RECORD_ID, objectionId: 'obj-1', decidedOn, outcome, reason: '复核' } },
  ];
  const correctedTo = (field: 'severity' | 'findingOn', oldValue: string, newValue: string): RecordEvent[] => [
    ...objectionDecided('CORRECTED'),
    { type: 'RecordCorrected', data: { recordId: RECORD_ID, objectionId: 'obj-1', correctedOn: '2025-06-10', changes: [{ field, oldValue, newValue }] } },
  ];
  const voidFor: VoidJointPunishment = { type: 'VoidJointPunishment', today: '2025-07-01', data: { exemplarId: 'ex-1', recordId: RECORD_ID } };

  it('a title designated before the record was entered, in force on its finding day, is revoked from the first restricted day', () => {
    const commands = restrictionRevocations([record([officialRecorded()])], [stateOf([titleOf('2024-06-01')])], '2025-03-01');
    expect(commands).toEqual([
      { type: 'RevokeExemplar', today: '2025-03-01', data: { exemplarId: 'ex-1', on: '2025-01-10', reason: 'JOINT_PUNISHMENT', causedByRecordId: RECORD_ID } },
    ]);
    // The decider takes it as the listing saga's (JOINT_PUNISHMENT with the record named).
    spec([titleOf('2024-06-01')]).when(commands[0]).then([{ type: 'ExemplarRevoked', data: commands[0].data }]);
  });

  it('by valid time: nothing for a title ended before the finding, a MINOR record, an institution\'s title, another official, or a record exempted before the title', () => {
    const serious = record([officialRecorded()]);
    expect(restrictionRevocations([serious], [stateOf([titleOf('2024-01-01', '2025-01-09')])], '2025-03-01')).toEqual([]);
    expect(restrictionRevocations([record([officialRecorded({ severity: 'MINOR' })])], [stateOf([titleOf('2024-06-01')])], '2025-03-01')).toEqual([]);
    expect(restrictionRevocations([serious], [stateOf([designated('2024-06-01')])], '2025-03-01')).toEqual([]);
    expect(restrictionRevocations([record([officialRecorded({ subject: { kind: 'OFFICIAL', id: 'p-qian', institutionUscc: USCC } })])], [stateOf([titleOf('2024-06-01')])], '2025-03-01')).toEqual([]);
    const exempted: RecordEvent = { type: 'MitigationDecided', data: { recordId: RECORD_ID, personId: 'p-zhao', decidedOn: '2025-02-01', effect: 'EXEMPTED', basis: '主动挽回损失' } };
    expect(restrictionRevocations([record([officialRecorded(), exempted])], [stateOf([titleOf('2025-02-01')])], '2025-03-01')).toEqual([]);
    // Designated after the finding (the record entered late, the designation not refused): from its own first day.
    expect(restrictionRevocations([serious], [stateOf([titleOf('2025-02-01')])], '2025-03-01')[0].data.on).toBe('2025-02-01');
  });

  it('the earliest restricted day over the official\'s records names its record; a revocation from a later day is superseded', () => {
    const later = record([officialRecorded({ recordId: 'r-later', finding: { ...(officialRecorded().data as { finding: object }).finding, findingOn: '2025-02-20' } as never })]);
    const earlier = record([officialRecorded()]);
    const [command] = restrictionRevocations([later, earlier], [stateOf([titleOf('2024-06-01')])], '2025-03-01');
    expect(command.data).toMatchObject({ on: '2025-01-10', causedByRecordId: RECORD_ID });
    const [superseding] = restrictionRevocations([earlier], [stateOf([titleOf('2024-06-01'), revoked('2025-02-20', 'r-later')])], '2025-03-01');
    spec([titleOf('2024-06-01'), revoked('2025-02-20', 'r-later')]).when(superseding).then([{ type: 'ExemplarRevoked', data: superseding.data }]);
    expect(restrictionRevocations([earlier], [stateOf([titleOf('2024-06-01'), revoked('2025-01-10', RECORD_ID)])], '2025-03-01')).toEqual([]);
    // One by hand from a later day is superseded too (kept aside); from the same day or an earlier one, not.
    expect(restrictionRevocations([earlier], [stateOf([titleOf('2024-06-01'), revoked('2025-02-20', undefined, '主动撤销')])], '2025-03-01')).toHaveLength(1);
    expect(restrictionRevocations([earlier], [stateOf([titleOf('2024-06-01'), revoked('2025-01-10', undefined, '主动撤销')])], '2025-03-01')).toEqual([]);
  });

  describe('voided when the record, as it stands now, did not restrict the official on the revocation\'s day', () => {
    const given = [titleOf('2024-06-01'), revoked('2025-01-10', RECORD_ID)];
    const voiding = (recordEvents: RecordEvent[]) =>
      spec(given, { subjectKnown: true, records: [record(recordEvents)], recordHistory: recordEvents, revocationCause: RECORD_ID }).when(voidFor).thenEvents();

    it('the record revoked as wrong (RECORD_REVOKED, the objection named)', () => {
      const revokedRecord: RecordEvent = { type: 'RecordRevoked', data: { recordId: RECORD_ID, objectionId: 'obj-1', revokedOn: '2025-06-10', reason: '认定错误' } };
      const [voided] = voiding([officialRecorded(), ...objectionDecided('RECORD_REVOKED'), revokedRecord]);
      expect(voided).toEqual({ type: 'ExemplarRevocationVoided', data: { exemplarId: 'ex-1', recordId: RECORD_ID, voidedOn: '2025-06-10', reason: 'RECORD_REVOKED', objectionId: 'obj-1' } });
      const state = stateOf([...given, voided]);
      expect(isExemplarActiveOn(state, '2025-01-10')).toBe(true);
      expect(state).toMatchObject({ voidedRevocations: [{ revokedOn: '2025-01-10', recordId: RECORD_ID, voidReason: 'RECORD_REVOKED', objectionId: 'obj-1' }] });
    });

    it('corrected to MINOR, or its finding moved later (RECORD_CORRECTED, the objection named)', () => {
      expect(voiding([officialRecorded(), ...correctedTo('severity', 'SERIOUS', 'MINOR')])).toEqual([
        { type: 'ExemplarRevocationVoided', data: { exemplarId: 'ex-1', recordId: RECORD_ID, voidedOn: '2025-06-10', reason: 'RECORD_CORRECTED', objectionId: 'obj-1' } },
      ]);
      expect(voiding([officialRecorded(), ...correctedTo('findingOn', '2025-01-10', '2025-02-20')])[0]?.data).toMatchObject({ reason: 'RECORD_CORRECTED', objectionId: 'obj-1' });
    });

    it('exempted by a mitigation decided by then (MITIGATION_EXEMPTED), or out of publication by then (PUBLICATION_ENDED): no objection to name', () => {
      const exempted: RecordEvent = { type: 'MitigationDecided', data: { recordId: RECORD_ID, personId: 'p-zhao', decidedOn: '2025-01-10', effect: 'EXEMPTED', basis: '主动挽回损失' } };
      expect(voiding([officialRecorded(), exempted])).toEqual([
        { type: 'ExemplarRevocationVoided', data: { exemplarId: 'ex-1', recordId: RECORD_ID, voidedOn: '2025-01-10', reason: 'MITIGATION_EXEMPTED' } },
      ]);
      const ended: RecordEvent = { type: 'PublicationEnded', data: { recordId: RECORD_ID, endedOn: '2025-01-10', reason: 'REPAIRED' } };
      expect(voiding([officialRecorded(), ended])[0]?.data).toMatchObject({ voidedOn: '2025-01-10', reason: 'PUBLICATION_ENDED' });
    });

    it('names the correction that ended the restriction, not a later one that changed something else', () => {
      const second: RecordEvent[] = [
        { type: 'ObjectionFiled', data: { recordId: RECORD_ID, objectionId: 'obj-2', filedOn: '2025-06-15', grounds: '表述有误' } },
        { type: 'ObjectionDecided', data: { recordId: RECORD_ID, objectionId: 'obj-2', decidedOn: '2025-06-20', outcome: 'CORRECTED', reason: '复核' } },
        { type: 'RecordCorrected', data: { recordId: RECORD_ID, objectionId: 'obj-2', correctedOn: '2025-06-20', changes: [{ field: 'description', oldValue: '失信', newValue: '失信行为' }] } },
      ];
      expect(voiding([officialRecorded(), ...correctedTo('severity', 'SERIOUS', 'MINOR'), ...second])[0]?.data).toMatchObject({
        voidedOn: '2025-06-10',
        reason: 'RECORD_CORRECTED',
        objectionId: 'obj-1',
      });
      // Without the record's events the decider cannot tell why: it voids nothing.
      expect(spec(given, { subjectKnown: true, records: [record([officialRecorded({ severity: 'MINOR' })])], revocationCause: RECORD_ID }).when(voidFor).thenEvents()).toEqual([]);
    });

    it('nothing while it restricted on that day: rejected, exempted or repaired only later, corrected to GENERAL, or corrected to an earlier finding', () => {
      const laterExempted: RecordEvent = { type: 'MitigationDecided', data: { recordId: RECORD_ID, personId: 'p-zhao', decidedOn: '2025-01-11', effect: 'EXEMPTED', basis: '主动挽回损失' } };
      const laterEnded: RecordEvent = { type: 'PublicationEnded', data: { recordId: RECORD_ID, endedOn: '2025-07-11', reason: 'REPAIRED' } };
      expect(voiding([officialRecorded(), laterExempted])).toEqual([]);
      expect(voiding([officialRecorded(), laterEnded])).toEqual([]);
      expect(voiding([officialRecorded(), ...correctedTo('severity', 'SERIOUS', 'GENERAL')])).toEqual([]);
      expect(voiding([officialRecorded(), ...correctedTo('findingOn', '2025-01-10', '2024-12-01')])).toEqual([]);
      // Not this record's revocation: nothing either.
      expect(spec(given, { subjectKnown: true, records: [record([officialRecorded({ severity: 'MINOR' })])], revocationCause: 'r-other' }).when(voidFor).thenEvents()).toEqual([]);
    });
  });
});
