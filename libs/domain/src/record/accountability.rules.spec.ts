import { PUBLIC_HOSPITAL } from '../testing/fixtures';
import { RECORD_ID, context, institution, listedHistory, officialRecorded, recordSpec, recorded } from '../testing/record-fixtures';
import { DecideAccountability, DecideMitigation } from './record.commands';
import { RecordEvent } from './record.events';
import { openObligations } from './record.queries';
import { DishonestyRecord } from './record.state';

const decide = (extra: Partial<DecideAccountability['data']> = {}): DecideAccountability => ({
  type: 'DecideAccountability',
  today: '2025-05-20',
  data: { recordId: RECORD_ID, personId: 'p-wang', measure: 'ADMONISHMENT', decidedOn: '2025-05-20', documentNo: '济高纪〔2025〕8号', authority: '高新区纪工委', ...extra },
});

describe('AccountabilityDecided (domain.md §4.4)', () => {
  it('a discipline body decides a measure; the obligation leaves the queue', () => {
    const events = recordSpec(listedHistory)
      .when(decide())
      .then([
        {
          type: 'AccountabilityDecided',
          data: { recordId: RECORD_ID, obligationId: 'obligation-1', personId: 'p-wang', measure: 'ADMONISHMENT', decidedOn: '2025-05-20', documentNo: '济高纪〔2025〕8号', authority: '高新区纪工委' },
        },
      ]);
    expect(openObligations(recordSpec(listedHistory).state as DishonestyRecord)).toHaveLength(1);
    expect(openObligations(recordSpec([...listedHistory, ...events]).state as DishonestyRecord)).toHaveLength(0);
  });

  it('EXEMPTED (免于追责) requires a reason', () => {
    recordSpec(listedHistory).when(decide({ measure: 'EXEMPTED' })).thenRefuses('VALIDATION_FAILED');
    const [event] = recordSpec(listedHistory).when(decide({ measure: 'EXEMPTED', reason: '已调离且主动挽回损失' })).thenEvents();
    expect(event).toMatchObject({ data: { measure: 'EXEMPTED', reason: '已调离且主动挽回损失' } });
  });

  it('refuses an unknown measure', () => {
    recordSpec(listedHistory).when(decide({ measure: 'DISMISSAL' as never })).thenRefuses('VALIDATION_FAILED');
  });

  it('refuses a decision dated before the obligation it answers, or before the finding when there is none (VALIDATION_FAILED on decidedOn)', () => {
    // Required 2025-04-01 by the lapse; the record was found 2025-01-10.
    recordSpec(listedHistory)
      .when(decide({ decidedOn: '2025-03-31' }))
      .thenRefuses('VALIDATION_FAILED', { errors: [{ field: 'decidedOn', message: 'must not be before the obligation’s requiredOn' }] });
    recordSpec(listedHistory).when(decide({ decidedOn: '2025-04-01' })).thenEvents();
    recordSpec([recorded()])
      .when(decide({ decidedOn: '2025-01-09' }))
      .thenRefuses('VALIDATION_FAILED', { errors: [{ field: 'decidedOn', message: 'must not be before finding.findingOn' }] });
    recordSpec([recorded()]).when(decide({ decidedOn: '2025-01-10' })).thenEvents();
  });

  it('an obligation opened without a known leader is closed by the person the body names', () => {
    const noLeader = listedHistory.map((e) =>
      e.type === 'AccountabilityRequired' ? { ...e, data: { ...e.data, personId: null, name: null } } : e,
    );
    const [event] = recordSpec(noLeader).when(decide({ personId: 'p-zhao' })).thenEvents();
    expect(event).toMatchObject({ data: { obligationId: 'obligation-1', personId: 'p-zhao' } });
  });
});

describe('AccountabilityDecided names a registered official (domain.md §2)', () => {
  const noLeader = listedHistory.map((e) => (e.type === 'AccountabilityRequired' ? { ...e, data: { ...e.data, personId: null, name: null } } : e));
  /** Where the officials index says the person is registered, as the application looks it up. */
  const registeredAt = (personId: string, institutionUscc: string) => ({ ...context, existingOfficial: { personId, institutionUscc } });

  it('refuses a person nobody registered (SUBJECT_NOT_FOUND), naming them; with or without an open obligation', () => {
    recordSpec([recorded()]).when(decide({ personId: 'ghost-person' })).thenRefuses('SUBJECT_NOT_FOUND', { personId: 'ghost-person' });
    recordSpec(listedHistory).when(decide({ personId: 'ghost-person' })).thenRefuses('SUBJECT_NOT_FOUND', { personId: 'ghost-person' });
    // An obligation with no leader on record is not closed by a person nobody registered.
    recordSpec(noLeader, { ...context, existingOfficial: null }).when(decide({ personId: 'ghost-person' })).thenRefuses('SUBJECT_NOT_FOUND');
    // The index answered for someone else.
    recordSpec(noLeader, registeredAt('p-other', PUBLIC_HOSPITAL)).when(decide({ personId: 'ghost-person' })).thenRefuses('SUBJECT_NOT_FOUND');
  });

  it('accepts an official registered at another institution (a leader who has moved on still answers)', () => {
    const [event] = recordSpec(noLeader, registeredAt('p-moved', PUBLIC_HOSPITAL)).when(decide({ personId: 'p-moved' })).thenEvents();
    expect(event).toMatchObject({ data: { obligationId: 'obligation-1', personId: 'p-moved' } });
  });

  it('accepts an official of the record’s institution, known from its state', () => {
    const [event] = recordSpec(noLeader, { ...context, existingOfficial: null }).when(decide({ personId: 'p-zhao' })).thenEvents();
    expect(event).toMatchObject({ data: { personId: 'p-zhao' } });
  });

  it('accepts the person the obligation names even where no registration is on record (an appointment without one)', () => {
    const unregistered = { ...context, institution: { ...institution, officials: {}, leaders: [] }, existingOfficial: null } as typeof context;
    const [event] = recordSpec(listedHistory, unregistered).when(decide()).thenEvents();
    expect(event).toMatchObject({ data: { obligationId: 'obligation-1', personId: 'p-wang' } });
    recordSpec(listedHistory, unregistered).when(decide({ personId: 'p-zhao' })).thenRefuses('SUBJECT_NOT_FOUND', { personId: 'p-zhao' });
  });

  it('a malformed personId stays a 400 (VALIDATION_FAILED), before any lookup', () => {
    recordSpec(listedHistory).when(decide({ personId: 'ghost person!' })).thenRefuses('VALIDATION_FAILED');
  });
});

describe('MitigationDecided (domain.md §4.4)', () => {
  const mitigate = (extra: Partial<DecideMitigation['data']> = {}): DecideMitigation => ({
    type: 'DecideMitigation',
    today: '2025-03-01',
    data: { recordId: RECORD_ID, decidedOn: '2025-03-01', effect: 'EXEMPTED', basis: '主动挽回损失、消除不良影响', ...extra },
  });
  const mitigated: RecordEvent = {
    type: 'MitigationDecided',
    data: { recordId: RECORD_ID, personId: 'p-zhao', decidedOn: '2025-03-01', effect: 'EXEMPTED', basis: '主动挽回损失、消除不良影响' },
  };

  it('an official who recovered the loss is exempted (or has the measure reduced)', () => {
    recordSpec([officialRecorded()]).when(mitigate()).then([mitigated]);
  });

  it('applies to records about officials only', () => {
    recordSpec([recorded()]).when(mitigate()).thenRefuses('MITIGATION_ONLY_FOR_OFFICIALS');
  });

  it('refuses a mitigation dated before the finding, which would exempt the record on every date (VALIDATION_FAILED on decidedOn)', () => {
    recordSpec([officialRecorded()])
      .when(mitigate({ decidedOn: '2025-01-09' }))
      .thenRefuses('VALIDATION_FAILED', { errors: [{ field: 'decidedOn', message: 'must not be before finding.findingOn' }] });
    recordSpec([officialRecorded()]).when(mitigate({ decidedOn: '2025-01-10' })).thenEvents();
  });

  it('is decided once', () => {
    recordSpec([officialRecorded(), mitigated]).when(mitigate({ effect: 'REDUCED' })).thenRefuses('MITIGATION_ALREADY_DECIDED');
  });

  it('the exempted record stays in the archive', () => {
    const { state } = recordSpec([officialRecorded(), mitigated]);
    expect(state).toMatchObject({ status: 'ACTIVE', mitigation: { effect: 'EXEMPTED' } });
  });
});
