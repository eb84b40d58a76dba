import { CommitmentState, DishonestyRecord, greyListReasons, publicationWindow, RecordState } from '@app/domain';
import type { StoredEvent } from '@app/event-store';
import type { EntityManager } from 'typeorm';
import type { ProjectionContext } from './projection-context';
import type { Projector } from './projector';
import { StreamStates, SourceState } from './support/stream-states';
import { datesIn, intervalsByLabel } from './support/valid-time';
import { Row, VersionedRows } from './support/versioned-rows';

export const GREY_LIST_TABLES = { reasons: 'grey_list', sources: 'grey_list_sources' } as const;

/** The institution a source of grey-list reasons is about; none for officials' records. */
function institutionOf(source: SourceState): string | undefined {
  if (source.category === 'commitment') return source.state.status === 'MADE' ? source.state.institutionUscc : undefined;
  const record = source.state;
  return record.status !== 'NONE' && record.subject.kind === 'INSTITUTION' ? record.subject.id : undefined;
}

/** Each reason the domain's greyListReasons gives for one source, with the dates it applies. */
export function greyListRows(uscc: string, source: SourceState): Row[] {
  const records: RecordState[] = source.category === 'record' ? [source.state] : [];
  const commitments: CommitmentState[] = source.category === 'commitment' ? [source.state] : [];
  const dates = datesIn(source.state);
  if (source.category === 'record' && source.state.status !== 'NONE') datesIn(publicationWindow(source.state as DishonestyRecord), dates);
  const byReason = intervalsByLabel((date) => greyListReasons(uscc, date, records, commitments), dates);
  return [...byReason.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .flatMap(([reason, intervals]) => intervals.map((interval) => ({ uscc, reason, valid_from: interval.from, valid_to: interval.to })));
}

/**
 * Record events after which no grey-list reason can change: none touches an order's accepted
 * report, the record's severity, publication or listing — the facts greyListReasons reads (an
 * objection's decision does: LISTING_REVOKED says the listing never was in force).
 * They are folded but the reasons are not worked out again; a spec checks this on generated
 * histories, so a rule that starts reading them fails it.
 */
export const GREY_LIST_NEUTRAL_EVENTS: ReadonlySet<string> = new Set([
  'RectificationReported',
  'RectificationDeadlineLapsed',
  'AwardBanImposed',
  'AwardBanVoided',
  'AwardBanLiftedEarly',
  'AccountabilityRequired',
  'AccountabilityDecided',
  'AccountabilityObligationCancelled',
  'MitigationDecided',
  'ObjectionFiled',
  'RepairApplied',
  'RepairDecided',
]);

/**
 * The grey list (重点关注): per record or commitment of an institution, the reasons it puts the
 * institution on the list and the dates each applies, versioned in system time.
 */
export class GreyListProjector implements Projector {
  readonly name = 'grey-list';
  readonly tables = Object.values(GREY_LIST_TABLES);

  async apply(events: StoredEvent[], _manager: EntityManager, context: ProjectionContext): Promise<void> {
    const relevant = events.filter((e) => StreamStates.categoryOf(e.streamId));
    if (relevant.length === 0) return;
    const states = new StreamStates(GREY_LIST_TABLES.sources, context);
    const reasons = new VersionedRows({ table: GREY_LIST_TABLES.reasons, key: 'source_id', columns: ['uscc', 'reason', 'valid_from', 'valid_to'] }, context);
    const streamIds = relevant.map((e) => e.streamId);
    await states.load(streamIds);
    await reasons.load(streamIds);
    for (const event of relevant) {
      const opens =
        (event.type === 'DishonestyRecorded' && (event.data.subject as { kind: string }).kind === 'INSTITUTION') || event.type === 'CommitmentMade';
      // Officials' records never put an institution on the grey list: keep no state for them.
      if (!opens && !states.get(event.streamId)) continue;
      const source = states.fold(event);
      if (!source || GREY_LIST_NEUTRAL_EVENTS.has(event.type)) continue;
      const uscc = institutionOf(source);
      reasons.set(event.streamId, uscc ? greyListRows(uscc, source) : [], event.position);
    }
    await states.flush();
    await reasons.flush();
  }
}
