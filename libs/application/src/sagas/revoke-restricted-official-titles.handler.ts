import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  decideExemplar,
  DishonestyRecord,
  DomainError,
  ExemplarDesignated,
  JOINT_PUNISHMENT,
  officialRestrictionVoiding,
  parseStreamName,
  RecordEvent,
  RecordState,
  restrictionRevocations,
  revocationInForce,
} from '@app/domain';
import { Clock, EventLedger, StoredEvent } from '@app/event-store';
import { loadExemplar, loadRecord } from '../command-support/stream-loaders';
import { StreamIndex } from '../stream-index/stream-index';
import { businessToday, CLOCK } from '../time/clock';
import { decideOnExemplar } from './exemplar-append';
import { RevokeRestrictedOfficialTitlesCommand } from './revoke-restricted-official-titles.command';

const ACTOR = { sub: 'saga:official-restriction-revokes-exemplars', role: 'system' } as const;

/**
 * An official whose record restricts award evaluations is no example (SUBJECT_RESTRICTED refuses
 * the designation), so the red list must not depend on which was entered first, the record or
 * the title (project decision, domain.md §4.7). On every event that may change it, the official's
 * titles are brought in line with the official's records as they stand now, by valid time:
 * - a revocation for 联合惩戒 whose record no longer restricted the official on its day (revoked,
 *   corrected, exempted, out of publication by then) is voided, once per revocation (its command
 *   id derived from the revocation event);
 * - then each title in force on a day a record restricts is revoked from the first such day
 *   (restrictionRevocations), superseding one for 联合惩戒 from a later day. Its command id names
 *   the trigger and the title: a replay of the trigger is answered from the log, and any other
 *   trigger decides on the stream as it stands, so it finds the revocation there and appends
 *   nothing.
 */
@CommandHandler(RevokeRestrictedOfficialTitlesCommand)
export class RevokeRestrictedOfficialTitlesHandler implements ICommandHandler<RevokeRestrictedOfficialTitlesCommand, number> {
  private readonly logger = new Logger('Sagas');

  constructor(
    private readonly ledger: EventLedger,
    private readonly index: StreamIndex,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ trigger }: RevokeRestrictedOfficialTitlesCommand): Promise<number> {
    const personId = await this.officialOf(trigger);
    if (personId === undefined) return 0;
    const official = { kind: 'OFFICIAL' as const, id: personId };
    const exemplarIds = await this.index.exemplarIdsAbout(official);
    if (exemplarIds.length === 0) return 0;
    const loaded = await Promise.all((await this.index.recordIdsAbout(official)).map((id) => loadRecord(this.ledger, id)));
    const records = loaded.map((r) => r.state);
    const histories = new Map(loaded.flatMap((r) => (r.state.status === 'NONE' ? [] : [[r.state.recordId, r.events as unknown as RecordEvent[]] as const])));
    let appended = 0;
    for (const exemplarId of exemplarIds) {
      appended += await this.voidOne(exemplarId, records, histories, trigger);
      appended += await this.revokeOne(exemplarId, records, trigger);
    }
    return appended;
  }

  /** The official a trigger is about: the designated subject, or the subject of the record whose stream it is in. */
  private async officialOf(trigger: StoredEvent): Promise<string | undefined> {
    if (trigger.type === 'ExemplarDesignated') {
      const { subject } = trigger.data as Partial<ExemplarDesignated['data']>;
      return subject?.kind === 'OFFICIAL' && typeof subject.id === 'string' ? subject.id : undefined;
    }
    const stream = parseStreamName(trigger.streamId);
    if (stream?.category !== 'record') return undefined;
    const { state } = await loadRecord(this.ledger, stream.id);
    return state.status !== 'NONE' && state.subject.kind === 'OFFICIAL' ? state.subject.id : undefined;
  }

  private async voidOne(exemplarId: string, records: readonly RecordState[], histories: ReadonlyMap<string, RecordEvent[]>, trigger: StoredEvent): Promise<number> {
    const revocation = revocationInForce((await loadExemplar(this.ledger, exemplarId)).events);
    const cause = revocation?.data.reason === JOINT_PUNISHMENT ? revocation.data.causedByRecordId : undefined;
    const record = records.find((r): r is DishonestyRecord => r.status !== 'NONE' && r.recordId === cause);
    const recordHistory = record && histories.get(record.recordId);
    if (!revocation || !record || !recordHistory || !officialRestrictionVoiding(recordHistory, String(revocation.data.on))) return 0;
    const command = { type: 'VoidJointPunishment' as const, today: businessToday(this.clock), data: { exemplarId, recordId: record.recordId } };
    return this.append(exemplarId, `official-restriction-void:${revocation.id}`, trigger, (state, revocationCause) =>
      decideExemplar(command, state, { subjectKnown: true, records: [record], recordHistory, revocationCause }),
    );
  }

  private async revokeOne(exemplarId: string, records: readonly RecordState[], trigger: StoredEvent): Promise<number> {
    const today = businessToday(this.clock);
    return this.append(exemplarId, `official-restriction:${trigger.id}:${exemplarId}`, trigger, (state) => {
      const [command] = restrictionRevocations(records, [state], today);
      return command ? decideExemplar(command, state, { subjectKnown: true, records: [] }) : [];
    });
  }

  /** One append to the title's stream, decided on it as it stands; 1 if something was appended just now. */
  private async append(exemplarId: string, commandId: string, trigger: StoredEvent, decide: Parameters<typeof decideOnExemplar>[2]): Promise<number> {
    const context = { commandId, actor: ACTOR, correlationId: String(trigger.metadata.correlationId ?? trigger.id), causationId: trigger.id };
    const appended = await decideOnExemplar(this.ledger, exemplarId, decide, context).catch((error: unknown) => {
      // Revoked since it was read from the same day or an earlier one: that revocation stands.
      if (error instanceof DomainError && error.code === 'EXEMPLAR_NOT_ACTIVE') {
        this.logger.warn(`exemplar ${exemplarId}: already revoked when the restriction saga reached it`);
        return false;
      }
      throw error;
    });
    return appended ? 1 : 0;
  }
}
