import {
  addDays,
  BusinessDate,
  CHECK_MATTERS,
  CheckState,
  COMMITMENT_KINDS,
  CommitmentEvent,
  CommitmentState,
  currentSchemaVersion,
  decideCheck,
  decideCommitment,
  decideExemplar,
  decideInstitution,
  decideRecord,
  DishonestyRecord,
  lapseDueOn,
  overdueOrders,
  withDueLapse,
  DomainError,
  DomainEventType,
  DOMAINS,
  earliestRepairOn,
  evolveCheck,
  evolveCommitment,
  evolveExemplar,
  evolveInstitution,
  evolveRecord,
  ExemplarEvent,
  ExemplarState,
  initialCheckState,
  initialCommitmentState,
  initialExemplarState,
  initialInstitutionState,
  initialRecordState,
  InstitutionState,
  isBefore,
  isListingRevoked,
  JOINT_PUNISHMENT,
  jointPunishmentRevocations,
  officialRestrictionVoiding,
  restrictionRevocations,
  revocationInForce,
  MadeCommitment,
  maxDate,
  outstandingOrder,
  pendingReport,
  principalLeaderOn,
  RECORD_CATEGORIES,
  RecordCommand,
  recordCommandForBreach,
  RecordEvent,
  RecordState,
  returnedMeasureCodes,
  SEVERITIES,
  withUsccCheckCharacter,
} from '@app/domain';

/** One step of a generated history: what to try, and numbers that pick its targets and dates. */
export interface Intent {
  kind: IntentKind;
  a: number;
  b: number;
  flag: boolean;
}

export const INTENT_KINDS = [
  'institution',
  'leader',
  'official',
  'commitment',
  'fulfil',
  'breach',
  'amend',
  'record',
  'order',
  'report',
  'review',
  'lapse',
  'objection',
  'decideObjection',
  'applyRepair',
  'decideRepair',
  'liftBan',
  'accountability',
  'mitigation',
  'exemplar',
  'revokeExemplar',
  'check',
] as const;
export type IntentKind = (typeof INTENT_KINDS)[number];

export interface ScenarioEvent {
  type: string;
  data: Record<string, unknown>;
  schemaVersion: number;
}

/** Where a scenario's events go: an EventLedger append (tests) or a bulk loader (bench). */
export type ScenarioSink = (streamId: string, events: ScenarioEvent[], expectedRevision: number | 'no_stream') => Promise<void>;

interface Stream<S> {
  state: S;
  revision: number | 'no_stream';
}

/** Record events after which the restriction saga looks at the official's titles again. */
const RESTRICTION_CHANGES = new Set(['DishonestyRecorded', 'RecordCorrected', 'RecordRevoked', 'MitigationDecided', 'PublicationEnded']);

const REGIONS = ['370100', '370102', '370112', '370200', '110101', '440300'];
const ORIGIN: BusinessDate = '2023-01-02';

/**
 * Valid command sequences for property tests and benchmarks: each intent becomes a domain
 * command, decided by the domain's own deciders on the states of the streams it touches (kept
 * here, folded by the domain's evolve), and only the events a decider accepts are written. A
 * refused command is skipped, as the API would refuse it. Reactions the service's sagas would
 * write (a record for a breach, red-list revocations after a listing) are written here too.
 */
export class LedgerScenario {
  readonly institutions = new Map<string, Stream<InstitutionState>>();
  readonly officials = new Map<string, string>();
  readonly commitments = new Map<string, Stream<CommitmentState>>();
  readonly records = new Map<string, Stream<RecordState>>();
  readonly exemplars = new Map<string, Stream<ExemplarState>>();
  /** Each record's InstitutionListed as written, in log order (the saga hands these to the listing saga). */
  private readonly listings = new Map<string, { data: Extract<RecordEvent, { type: 'InstitutionListed' }>['data']; order: number }>();
  /** The record named by each title's revocation in force (the state keeps no cause). */
  private readonly revocationCauses = new Map<string, string | undefined>();
  /** Each title's events as written (revocationInForce reads them). */
  private readonly exemplarEvents = new Map<string, ExemplarEvent[]>();
  /** The events of each official's record, as written (the restriction saga reads which one ended a restriction). */
  private readonly officialHistories = new Map<string, RecordEvent[]>();
  readonly checks = new Map<string, Stream<CheckState>>();
  readonly usccs: string[];
  applied = 0;
  refused = 0;
  events = 0;
  private serial = 0;
  private readonly registered: string[] = [];
  private readonly officialList: Array<[string, string]> = [];
  private readonly recordIds: string[] = [];
  private readonly commitmentIds: string[] = [];
  private readonly exemplarIds: string[] = [];
  private readonly recordsBySubject = new Map<string, string[]>();
  private readonly exemplarsBySubject = new Map<string, string[]>();

  /**
   * `window`: how many of the latest records (commitments, designations) a step may act on —
   * all of them for property tests; a few hundred keeps a million-event benchmark log linear.
   */
  constructor(
    private readonly sink: ScenarioSink,
    readonly today: BusinessDate,
    private readonly prefix = 's',
    institutionCount = 6,
    private readonly window = Number.POSITIVE_INFINITY,
  ) {
    const salt = [...prefix].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 9_000_000, 7);
    this.usccs = Array.from({ length: institutionCount }, (_, i) => withUsccCheckCharacter(`1137${String(1000 + (i % 9000)).padStart(4, '0')}MB${String((salt + i * 104729) % 10_000_000).padStart(7, '0')}`));
  }

  async run(intents: Iterable<Intent>): Promise<void> {
    for (const intent of intents) await this.step(intent);
  }

  async step(intent: Intent): Promise<void> {
    try {
      const wrote = await this.apply(intent);
      if (wrote) this.applied += 1;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.refused += 1;
    }
  }

  private date(n: number): BusinessDate {
    const date = addDays(ORIGIN, n % 1400);
    return isBefore(this.today, date) ? this.today : date;
  }

  private notAfterToday(date: BusinessDate): BusinessDate {
    return isBefore(this.today, date) ? this.today : date;
  }

  private pick<T>(items: readonly T[], n: number): T | undefined {
    return items.length === 0 ? undefined : items[Math.abs(n) % items.length];
  }

  private id(kind: string): string {
    this.serial += 1;
    return `${this.prefix}-${kind}-${this.serial}`;
  }

  private async write<S, E extends { type: string; data: object }>(
    map: Map<string, Stream<S>>,
    key: string,
    streamId: string,
    initial: () => S,
    evolve: (state: S, event: E) => S,
    events: E[],
  ): Promise<void> {
    const stream = map.get(key) ?? { state: initial(), revision: 'no_stream' as const };
    await this.sink(
      streamId,
      events.map((e) => ({ type: e.type, data: e.data as Record<string, unknown>, schemaVersion: currentSchemaVersion(e.type as DomainEventType) })),
      stream.revision,
    );
    const revision = stream.revision === 'no_stream' ? events.length - 1 : stream.revision + events.length;
    map.set(key, { state: events.reduce(evolve, stream.state), revision });
    this.events += events.length;
    for (const event of events) this.index(key, event as { type: string; data: Record<string, unknown> });
  }

  /** Keeps the lists steps pick from, so a step costs the same however long the history. */
  private index(key: string, event: { type: string; data: Record<string, unknown> }): void {
    const subjectKey = (subject: unknown) => {
      const { kind, id } = subject as { kind: string; id: string };
      return `${kind}:${id}`;
    };
    const add = (map: Map<string, string[]>, k: string, v: string) => map.set(k, [...(map.get(k) ?? []), v]);
    switch (event.type) {
      case 'InstitutionRegistered':
        this.registered.push(key);
        break;
      case 'OfficialRegistered':
        this.officials.set(String(event.data.personId), String(event.data.institutionUscc));
        this.officialList.push([String(event.data.personId), String(event.data.institutionUscc)]);
        break;
      case 'DishonestyRecorded':
        this.recordIds.push(key);
        add(this.recordsBySubject, subjectKey(event.data.subject), key);
        break;
      case 'CommitmentMade':
        this.commitmentIds.push(key);
        break;
      case 'ExemplarDesignated':
        this.exemplarIds.push(key);
        add(this.exemplarsBySubject, subjectKey(event.data.subject), key);
        break;
      default:
        break;
    }
  }

  /** One of the latest `window` keys that matches, starting from a place `n` picks. */
  private pickRecent(keys: string[], n: number, matches: (key: string) => boolean): string | undefined {
    const from = Math.max(0, keys.length - Math.min(this.window, keys.length));
    const span = keys.length - from;
    for (let i = 0; i < span; i += 1) {
      const key = keys[from + ((Math.abs(n) + i) % span)];
      if (matches(key)) return key;
    }
    return undefined;
  }

  private recordsAbout(kind: string, id: string): DishonestyRecord[] {
    return (this.recordsBySubject.get(`${kind}:${id}`) ?? []).map((rid) => this.records.get(rid)!.state).filter((r): r is DishonestyRecord => r.status !== 'NONE');
  }

  private institution(uscc: string): InstitutionState {
    return this.institutions.get(uscc)?.state ?? initialInstitutionState();
  }

  private writeInstitution(uscc: string, events: ReturnType<typeof decideInstitution>) {
    return this.write(this.institutions, uscc, `institution-${uscc}`, initialInstitutionState, evolveInstitution, events);
  }

  private async writeRecord(recordId: string, events: RecordEvent[]): Promise<void> {
    await this.write(this.records, recordId, `record-${recordId}`, initialRecordState, evolveRecord, events);
    const record = this.records.get(recordId)!.state;
    if (record.status === 'NONE' || record.subject.kind !== 'OFFICIAL') return;
    this.officialHistories.set(recordId, [...(this.officialHistories.get(recordId) ?? []), ...events]);
    if (events.some((e) => RESTRICTION_CHANGES.has(e.type))) await this.officialRestriction(record.subject.id);
  }

  /**
   * The restriction saga: the official's titles against the official's records as they stand —
   * revocations whose record no longer restricted on their day voided, then each title in force
   * on a restricted day revoked from the first such day.
   */
  private async officialRestriction(personId: string): Promise<void> {
    const records = this.recordsAbout('OFFICIAL', personId);
    for (const key of this.exemplarsBySubject.get(`OFFICIAL:${personId}`) ?? []) {
      const revocationCause = this.revocationCauses.get(key);
      const state = this.exemplars.get(key)!.state;
      const cause = records.find((r) => r.recordId === revocationCause);
      const recordHistory = cause && this.officialHistories.get(cause.recordId);
      if (cause && recordHistory && state.status === 'DESIGNATED' && state.revoked && officialRestrictionVoiding(recordHistory, state.revoked.on)) {
        const command = { type: 'VoidJointPunishment' as const, today: this.today, data: { exemplarId: key, recordId: cause.recordId } };
        await this.writeExemplar(key, decideExemplar(command, state, { subjectKnown: true, records: [cause], recordHistory, revocationCause }));
      }
      for (const command of restrictionRevocations(records, [this.exemplars.get(key)!.state], this.today)) {
        await this.writeExemplar(key, decideExemplar(command, this.exemplars.get(key)!.state, { subjectKnown: true, records: [] }));
      }
    }
  }

  private writeCommitment(commitmentId: string, events: CommitmentEvent[]) {
    return this.write(this.commitments, commitmentId, `commitment-${commitmentId}`, initialCommitmentState, evolveCommitment, events);
  }

  /**
   * As the repair handlers (RecordCommandRunner dueLapseFirst): a repair is decided on the record
   * with a lapse already due folded in (a refusal throws, nothing written); accepted, the lapse is
   * written first.
   */
  private async dueLapseFirst(record: DishonestyRecord, command: RecordCommand, today: BusinessDate): Promise<void> {
    const state = this.records.get(record.recordId)!.state;
    if (!lapseDueOn(state, today)) return;
    const uscc = record.subject.kind === 'INSTITUTION' ? record.subject.id : record.subject.institutionUscc;
    const context = { institution: this.institution(uscc), policyProfile: 'national' as const };
    decideRecord(command, withDueLapse(state, today, context), context);
    await this.decideForRecord(record, { type: 'LapseRectificationDeadline', today, data: { recordId: record.recordId } });
  }

  private async decideForRecord(record: DishonestyRecord, command: RecordCommand): Promise<boolean> {
    const uscc = record.subject.kind === 'INSTITUTION' ? record.subject.id : record.subject.institutionUscc;
    const events = decideRecord(command, this.records.get(record.recordId)!.state, { institution: this.institution(uscc), policyProfile: 'national' });
    await this.writeRecord(record.recordId, events);
    const listed = events.find((e) => e.type === 'InstitutionListed');
    if (listed?.type === 'InstitutionListed') {
      this.listings.set(record.recordId, { data: listed.data, order: this.listings.size });
      await this.jointPunishment(listed.data);
    }
    const decided = events.find((e) => e.type === 'ObjectionDecided');
    if (decided?.type === 'ObjectionDecided' && (decided.data.outcome === 'LISTING_REVOKED' || decided.data.outcome === 'RECORD_REVOKED')) {
      await this.voidJointPunishments(record.recordId);
    }
    return true;
  }

  /**
   * The listing revocation saga: the titles the record's listing took away get their revocations
   * voided, and then fall to another listing of the institution that stood while they were in force.
   */
  private async voidJointPunishments(recordId: string): Promise<void> {
    const record = this.records.get(recordId)!.state;
    if (record.status === 'NONE' || !record.listing) return;
    const uscc = record.listing.uscc;
    for (const key of this.exemplarsBySubject.get(`INSTITUTION:${uscc}`) ?? []) {
      const revocationCause = this.revocationCauses.get(key);
      if (revocationCause !== recordId) continue;
      const command = { type: 'VoidJointPunishment' as const, today: this.today, data: { exemplarId: key, recordId } };
      const events = decideExemplar(command, this.exemplars.get(key)!.state, { subjectKnown: true, records: [record], revocationCause });
      await this.writeExemplar(key, events);
    }
    await this.jointPunishments(uscc, recordId);
  }

  /**
   * The institution's listings (but `except`'s) through the listing saga as the sagas run them
   * (listingsOfInstitution): the earliest listed first, each as it was written.
   */
  private async jointPunishments(uscc: string, except?: string): Promise<void> {
    const listings = this.recordsAbout('INSTITUTION', uscc)
      .filter((other) => other.recordId !== except && other.listing && !isListingRevoked(other))
      .map((other) => ({ listed: this.listings.get(other.recordId)!, delisted: other.listing!.delisted }))
      .sort((a, b) => (a.listed.data.listedOn < b.listed.data.listedOn ? -1 : a.listed.data.listedOn > b.listed.data.listedOn ? 1 : a.listed.order - b.listed.order));
    for (const { listed, delisted } of listings) await this.jointPunishment(listed.data, delisted);
  }

  private async writeExemplar(exemplarId: string, events: ExemplarEvent[]): Promise<void> {
    await this.write(this.exemplars, exemplarId, `exemplar-${exemplarId}`, initialExemplarState, evolveExemplar, events);
    // The revocation in force as the domain folds them (one by hand may go aside under one for 联合惩戒).
    const written = [...(this.exemplarEvents.get(exemplarId) ?? []), ...events];
    this.exemplarEvents.set(exemplarId, written);
    const cause = revocationInForce(written as Array<{ type: string; data: Record<string, unknown> }>)?.data.causedByRecordId;
    if (typeof cause === 'string') this.revocationCauses.set(exemplarId, cause);
    else this.revocationCauses.delete(exemplarId);
  }

  /** The listing saga: a listed institution loses its red-list titles (联合惩戒). */
  private async jointPunishment(listed: Extract<RecordEvent, { type: 'InstitutionListed' }>['data'], delisted?: { on: string; reason?: string }): Promise<void> {
    const states = (this.exemplarsBySubject.get(`INSTITUTION:${listed.uscc}`) ?? []).map((id) => this.exemplars.get(id)!.state);
    for (const command of jointPunishmentRevocations(listed, states, this.today, delisted)) {
      const key = command.data.exemplarId;
      const events = decideExemplar(command, this.exemplars.get(key)!.state, { subjectKnown: true, records: [] });
      await this.writeExemplar(key, events);
    }
  }

  private async apply({ kind, a, b, flag }: Intent): Promise<boolean> {
    const today = this.today;
    const registered = this.registered;
    switch (kind) {
      case 'institution': {
        const uscc = this.pick(this.usccs, a)!;
        const events = decideInstitution(
          { type: 'RegisterInstitution', data: { uscc, name: `机构${uscc.slice(-4)}`, kind: 'GOVERNMENT_ORGAN', regionCode: this.pick(REGIONS, b)! } },
          this.institution(uscc),
        );
        await this.writeInstitution(uscc, events);
        return true;
      }
      case 'leader':
      case 'official': {
        const uscc = this.pick(registered, a);
        if (!uscc) return false;
        const personId = `${this.prefix}-p${(b % 12) + 12 * (Math.abs(a) % Math.max(1, Math.ceil(registered.length / 4)))}`;
        // One name per person, as the API requires of an appointment of a registered official.
        const name = `干部${b % 12}`;
        const elsewhere = this.officials.get(personId);
        const existingOfficial = elsewhere && elsewhere !== uscc ? { personId, institutionUscc: elsewhere, name } : null;
        const events =
          kind === 'leader'
            ? decideInstitution(
                { type: 'AppointPrincipalLeader', data: { uscc, personId, name, title: '主任', effectiveOn: this.date(a * 7 + b) } },
                this.institution(uscc),
                { existingOfficial },
              )
            : decideInstitution({ type: 'RegisterOfficial', data: { personId, name, institutionUscc: uscc, post: '科长' } }, this.institution(uscc), { existingOfficial });
        await this.writeInstitution(uscc, events);
        return true;
      }
      case 'commitment': {
        const uscc = this.pick(registered, a);
        if (!uscc) return false;
        const madeOn = this.date(a + b);
        const leader = principalLeaderOn(this.institution(uscc), madeOn);
        if (!leader) return false;
        const commitmentId = this.id('c');
        const events = decideCommitment(
          {
            type: 'MakeCommitment',
            today,
            data: {
              commitmentId,
              institutionUscc: uscc,
              kind: this.pick(COMMITMENT_KINDS, b)!,
              domain: this.pick(DOMAINS, a)!,
              title: '公开承诺',
              content: '按期兑现',
              signedBy: leader.personId,
              madeOn,
              dueOn: addDays(madeOn, 10 + (b % 200)),
              channels: ['PORTAL'],
            },
          },
          initialCommitmentState(),
          { institution: this.institution(uscc) },
        );
        await this.writeCommitment(commitmentId, events);
        return true;
      }
      case 'fulfil':
      case 'breach':
      case 'amend': {
        const commitmentId = this.pickRecent(this.commitmentIds, a, (id) => {
          const c = this.commitments.get(id)!.state;
          return c.status === 'MADE' && c.outcome.kind === 'OPEN';
        });
        if (!commitmentId) return false;
        const { state } = this.commitments.get(commitmentId)!;
        const commitment = state as MadeCommitment;
        const on = this.notAfterToday(addDays(commitment.madeOn, b % 300));
        const context = { institution: this.institution(commitment.institutionUscc) };
        if (kind === 'fulfil') {
          await this.writeCommitment(commitmentId, decideCommitment({ type: 'FulfilCommitment', today, data: { commitmentId, on, evidence: '验收' } }, commitment, context));
        } else if (kind === 'amend') {
          const reasonCategory = (['STATUTORY_CHANGE', 'PUBLIC_INTEREST', 'LEADERSHIP_CHANGE'] as const)[b % 3];
          const events = decideCommitment(
            { type: 'AmendCommitment', today, data: { commitmentId, on, reasonCategory, legalBasis: '法规修订', ...(flag ? { newDueOn: addDays(commitment.dueOn, 30) } : { newContent: '调整后的承诺内容' }) } },
            commitment,
            context,
          );
          await this.writeCommitment(commitmentId, events);
        } else {
          const recordId = this.id('r');
          const events = decideCommitment(
            { type: 'BreachCommitment', today, data: { commitmentId, recordId, on, description: '未兑现', documentNo: `违${a}`, authority: '信用办', ...(flag && { severity: 'SERIOUS' as const }) } },
            commitment,
            context,
          );
          await this.writeCommitment(commitmentId, events);
          const breached = events.find((e) => e.type === 'CommitmentBreached');
          if (breached?.type === 'CommitmentBreached') {
            // The breach → record reaction of the service's saga.
            const breachedCommitment = this.commitments.get(commitmentId)!.state as MadeCommitment;
            const command = recordCommandForBreach(breachedCommitment, breached.data, today);
            await this.writeRecord(
              recordId,
              decideRecord(command, initialRecordState(), { institution: context.institution, policyProfile: 'national', commitment: breachedCommitment }),
            );
          }
        }
        return true;
      }
      case 'record': {
        const official = flag ? this.pick(this.officialList, b) : undefined;
        const uscc = official ? official[1] : this.pick(registered, a);
        if (!uscc) return false;
        const findingOn = this.date(a * 3 + b);
        const recordId = this.id('r');
        const command: RecordCommand = {
          type: 'RecordDishonesty',
          today,
          data: {
            recordId,
            subject: official ? { kind: 'OFFICIAL', id: official[0], institutionUscc: uscc } : { kind: 'INSTITUTION', id: uscc },
            category: this.pick(RECORD_CATEGORIES, a)!,
            severity: this.pick(SEVERITIES, b)!,
            domain: this.pick(DOMAINS, a + b)!,
            occurredOn: addDays(findingOn, -(b % 30)),
            description: '失信行为',
            finding: { type: 'ADMINISTRATIVE_PENALTY', documentNo: `罚${a}`, authority: '财政局', findingOn },
          },
        };
        await this.writeRecord(recordId, decideRecord(command, initialRecordState(), { institution: this.institution(uscc), policyProfile: 'national' }));
        return true;
      }
      default:
        return this.applyToRecordOrOther(kind, a, b, flag);
    }
  }

  private async applyToRecordOrOther(kind: IntentKind, a: number, b: number, flag: boolean): Promise<boolean> {
    const today = this.today;
    const of = (filter: (r: DishonestyRecord) => boolean): DishonestyRecord | undefined => {
      const id = this.pickRecent(this.recordIds, a, (rid) => {
        const state = this.records.get(rid)!.state;
        return state.status !== 'NONE' && filter(state);
      });
      return id === undefined ? undefined : (this.records.get(id)!.state as DishonestyRecord);
    };
    switch (kind) {
      case 'order': {
        const r = of((x) => x.subject.kind === 'INSTITUTION' && x.status === 'ACTIVE' && !outstandingOrder(x));
        if (!r) return false;
        const orderedOn = this.notAfterToday(addDays(r.finding.findingOn, b % 40));
        return this.decideForRecord(r, { type: 'OrderRectification', today, data: { recordId: r.recordId, orderedOn, deadline: addDays(orderedOn, 1 + (a % 90)), requirements: '整改' } });
      }
      case 'report': {
        const r = of((x) => !!outstandingOrder(x));
        if (!r) return false;
        const order = outstandingOrder(r)!;
        const reportedOn = this.notAfterToday(addDays(order.orderedOn, b % 120));
        return this.decideForRecord(r, { type: 'ReportRectification', today, data: { recordId: r.recordId, reportId: this.id('rep'), reportedOn, evidence: '凭证' } });
      }
      case 'review': {
        const r = of((x) => x.orders.some((o) => pendingReport(o)));
        if (!r) return false;
        const report = r.orders.map((o) => pendingReport(o)).find(Boolean)!;
        const reviewedOn = this.notAfterToday(addDays(report.reportedOn, b % 20));
        return this.decideForRecord(r, { type: 'ReviewRectification', today, data: { recordId: r.recordId, reportId: report.reportId, reviewedOn, accepted: flag, ...(flag ? {} : { reason: '不完整' }) } });
      }
      case 'lapse': {
        const r = of((x) => x.orders.some((o) => o.lapsedOn === undefined && isBefore(o.deadline, today)));
        if (!r) return false;
        return this.decideForRecord(r, { type: 'LapseRectificationDeadline', today, data: { recordId: r.recordId } });
      }
      case 'objection': {
        const r = of((x) => x.status === 'ACTIVE');
        if (!r) return false;
        const filedOn = this.notAfterToday(addDays(r.finding.findingOn, b % 400));
        return this.decideForRecord(r, { type: 'FileObjection', today, data: { recordId: r.recordId, objectionId: this.id('obj'), filedOn, grounds: '异议' } });
      }
      case 'decideObjection': {
        const r = of((x) => x.objections.some((o) => !o.decision));
        if (!r) return false;
        const objection = r.objections.find((o) => !o.decision)!;
        const outcome = (['REJECTED', 'CORRECTED', 'RECORD_REVOKED', 'LISTING_REVOKED'] as const)[b % 4];
        const decidedOn = this.notAfterToday(addDays(objection.filedOn, a % 12));
        return this.decideForRecord(r, {
          type: 'DecideObjection',
          today,
          data: {
            recordId: r.recordId,
            objectionId: objection.objectionId,
            decidedOn,
            outcome,
            reason: '经核查',
            ...(outcome === 'CORRECTED' && { corrections: flag ? { severity: this.pick(SEVERITIES, a)! } : { category: this.pick(RECORD_CATEGORIES, b)! } }),
          },
        });
      }
      case 'applyRepair': {
        const r = of((x) => x.status === 'ACTIVE' && x.severity !== 'MINOR');
        if (!r) return false;
        const earliest = earliestRepairOn(r) ?? r.finding.findingOn;
        const appliedOn = this.notAfterToday(addDays(flag ? earliest : r.finding.findingOn, b % 60));
        const command: RecordCommand = { type: 'ApplyForRepair', today, data: { recordId: r.recordId, applicationId: this.id('app'), appliedOn, pledgeSigned: true, evidence: '承诺书' } };
        await this.dueLapseFirst(r, command, today);
        return this.decideForRecord(r, command);
      }
      case 'decideRepair': {
        const r = of((x) => x.repairs.some((p) => !p.decision));
        if (!r) return false;
        const application = r.repairs.find((p) => !p.decision)!;
        const decidedOn = this.notAfterToday(addDays(application.appliedOn, b % 15));
        const command: RecordCommand = { type: 'DecideRepair', today, data: { recordId: r.recordId, applicationId: application.applicationId, decidedOn, granted: flag, reason: '审核' } };
        if (flag) await this.dueLapseFirst(r, command, today);
        return this.decideForRecord(r, command);
      }
      case 'liftBan': {
        const r = of((x) => !!x.ban && !x.ban.voided && !x.ban.liftedEarly);
        if (!r) return false;
        const on = this.notAfterToday(maxDate(addDays(r.ban!.startsOn, b % 400), r.ban!.startsOn));
        return this.decideForRecord(r, {
          type: 'LiftAwardBanEarly',
          today,
          data: { recordId: r.recordId, banId: r.ban!.banId, on, legalBasis: '《条例》第十条', decisionNo: `解${a}`, reason: '提前解除' },
        });
      }
      case 'accountability': {
        const r = of((x) => x.obligations.some((o) => o.status === 'OPEN' && o.personId));
        if (!r) return false;
        const obligation = r.obligations.find((o) => o.status === 'OPEN' && o.personId)!;
        const measure = (['CRITICISM_EDUCATION', 'ADMONISHMENT', 'CIRCULATED_CRITICISM', 'EXEMPTED'] as const)[b % 4];
        const decidedOn = this.notAfterToday(addDays(obligation.requiredOn, a % 30));
        return this.decideForRecord(r, {
          type: 'DecideAccountability',
          today,
          data: { recordId: r.recordId, personId: obligation.personId!, measure, decidedOn, documentNo: `纪${a}`, authority: '纪委', ...(measure === 'EXEMPTED' && { reason: '主动挽回' }) },
        });
      }
      case 'mitigation': {
        const r = of((x) => x.subject.kind === 'OFFICIAL' && !x.mitigation);
        if (!r) return false;
        const decidedOn = this.notAfterToday(addDays(r.finding.findingOn, b % 90));
        return this.decideForRecord(r, { type: 'DecideMitigation', today, data: { recordId: r.recordId, decidedOn, effect: flag ? 'EXEMPTED' : 'REDUCED', basis: '主动消除影响' } });
      }
      case 'exemplar': {
        const subject = flag && this.officialList.length ? { kind: 'OFFICIAL' as const, id: this.pick(this.officialList, b)![0] } : { kind: 'INSTITUTION' as const, id: this.pick(this.registered, b) ?? '' };
        if (!subject.id) return false;
        const exemplarId = this.id('x');
        const designatedOn = this.date(a * 5 + b);
        // As the designation handler: decided with a lapse already due folded in (not written).
        const about = this.recordsAbout(subject.kind, subject.id).map((r) =>
          subject.kind === 'INSTITUTION' ? withDueLapse(r, today, { institution: this.institution(subject.id), policyProfile: 'national' }) : r,
        );
        const events = decideExemplar(
          {
            type: 'DesignateExemplar',
            today,
            data: { exemplarId, subject, title: '诚信典型', basis: '评定', designatedOn, ...(a % 3 === 0 && { validUntil: addDays(designatedOn, 365) }) },
          },
          initialExemplarState(),
          { subjectKnown: true, records: about },
        );
        await this.writeExemplar(exemplarId, events);
        // The sagas answering a designation: a title designated before a listing or a restricting
        // record already written is revoked from the first day it was listed or restricted.
        if (events.length === 0) return true;
        if (subject.kind === 'OFFICIAL') await this.officialRestriction(subject.id);
        else await this.jointPunishments(subject.id);
        return true;
      }
      case 'revokeExemplar': {
        const exemplarId = this.pickRecent(this.exemplarIds, a, (id) => {
          const e = this.exemplars.get(id)!.state;
          // Also, now and then, one revoked for 联合惩戒: by hand, it takes over or is kept aside.
          return e.status === 'DESIGNATED' && (!e.revoked || (flag && e.revoked.reason === JOINT_PUNISHMENT));
        });
        if (!exemplarId) return false;
        const { state } = this.exemplars.get(exemplarId)!;
        const designated = state as Extract<ExemplarState, { status: 'DESIGNATED' }>;
        const events = decideExemplar(
          { type: 'RevokeExemplar', today, data: { exemplarId, on: this.notAfterToday(addDays(designated.designatedOn, b % 200)), reason: '撤销' } },
          state,
          { subjectKnown: true, records: [] },
        );
        await this.writeExemplar(exemplarId, events);
        return true;
      }
      case 'check': {
        const uscc = this.pick(this.registered, a);
        if (!uscc) return false;
        const checkId = this.id('chk');
        // As the check handler: a lapse already due among the institution's records is written first.
        for (const due of overdueOrders(this.recordsAbout('INSTITUTION', uscc), today)) {
          await this.decideForRecord(this.records.get(due.recordId)!.state as DishonestyRecord, { type: 'LapseRectificationDeadline', today, data: { recordId: due.recordId } });
        }
        const records = this.recordsAbout('INSTITUTION', uscc);
        const commitments = this.commitmentIds.slice(-Math.min(this.window, this.commitmentIds.length)).map((id) => this.commitments.get(id)!.state);
        const events = decideCheck(
          { type: 'PerformCreditCheck', today, data: { checkId, subject: { kind: 'INSTITUTION', id: uscc }, matter: this.pick(CHECK_MATTERS, b)!, on: this.date(a + b * 11), caseRef: `案${a}` } },
          initialCheckState(),
          { subjectKnown: true, records, commitments },
        );
        await this.write(this.checks, checkId, `check-${checkId}`, initialCheckState, evolveCheck, events);
        const performed = this.checks.get(checkId)!.state;
        if (flag && performed.status === 'PERFORMED') {
          const codes = returnedMeasureCodes(performed.findings);
          const feedback = decideCheck({ type: 'GiveCheckFeedback', today, data: { checkId, applied: codes, notApplied: [] } }, performed, { subjectKnown: true, records: [], commitments: [] });
          await this.write(this.checks, checkId, `check-${checkId}`, initialCheckState, evolveCheck, feedback);
        }
        return true;
      }
      default:
        return false;
    }
  }
}
