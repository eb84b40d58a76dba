import { CommitmentState, DishonestyRecord, greyListReasons, publicationWindow, RecordState } from '@app/domain';
import type { StoredEvent } from '@app/event-store';
import type { EntityManager } from 'typeorm';
import type { ProjectionContext } from './projection-context';
import type { Projector } from './projector';
import { InstitutionRegions } from './support/institution-regions';
import { StreamStates, SourceState } from './support/stream-states';
import { datesIn, intervalsByLabel } from './support/valid-time';
import { Row, VersionedRows } from './support/versioned-rows';

export const GREY_LIST_TABLES = { reasons: 'grey_list', sources: 'grey_list_sources', regions: 'grey_list_regions' } as const;

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
 * institution on the list and the dates each applies, versioned in system time, with the
 * institution's region code for the region filter (kept from InstitutionRegistered).
 */
export class GreyListProjector implements Projector {
  readonly name = 'grey-list';
  readonly tables = Object.values(GREY_LIST_TABLES);

  async apply(events: StoredEvent[], _manager: EntityManager, context: ProjectionContext): Promise<void> {
    const relevant = events.filter((e) => StreamStates.categoryOf(e.streamId));
    const registered = events.filter((e) => e.type === 'InstitutionRegistered');
    if (relevant.length === 0 && registered.length === 0) return;
    const states = new StreamStates(GREY_LIST_TABLES.sources, context);
    const reasons = new VersionedRows({ table: GREY_LIST_TABLES.reasons, key: 'source_id', columns: ['uscc', 'reason', 'valid_from', 'valid_to', 'region_code'] }, context);
    const regions = new InstitutionRegions(GREY_LIST_TABLES.regions, context);
    const streamIds = relevant.map((e) => e.streamId);
    await states.load(streamIds);
    await reasons.load(streamIds);
    // The regions of the institutions the batch's sources are about: those already folded, and those the batch opens.
    const usccs = new Set<string>();
    for (const id of streamIds) {
      const source = states.get(id);
      const uscc = source && institutionOf(source);
      if (uscc) usccs.add(uscc);
    }
    for (const event of relevant) {
      if (event.type === 'DishonestyRecorded') usccs.add(String((event.data.subject as { id: string }).id));
      else if (event.type === 'CommitmentMade') usccs.add(String(event.data.institutionUscc));
    }
    await regions.load(usccs);
    // A region never changes, and an institution is registered before any record or commitment of it.
    for (const event of registered) regions.register(event);
    for (const event of relevant) {
      const opens =
        (event.type === 'DishonestyRecorded' && (event.data.subject as { kind: string }).kind === 'INSTITUTION') || event.type === 'CommitmentMade';
      // Officials' records never put an institution on the grey list: keep no state for them.
      if (!opens && !states.get(event.streamId)) continue;
      const source = states.fold(event);
      if (!source || GREY_LIST_NEUTRAL_EVENTS.has(event.type)) continue;
      const uscc = institutionOf(source);
      reasons.set(event.streamId, uscc ? greyListRows(uscc, source).map((row) => ({ ...row, region_code: regions.of(uscc) })) : [], event.position);
    }
    await regions.flush();
    await states.flush();
    await reasons.flush();
  }
}
