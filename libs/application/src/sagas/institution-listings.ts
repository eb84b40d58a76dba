import type { InstitutionListed } from '@app/domain';
import type { EventLedger, StoredEvent } from '@app/event-store';
import { loadRecord } from '../command-support/stream-loaders';
import type { StreamIndex } from '../stream-index/stream-index';

/**
 * Every InstitutionListed of an institution's records (but `except`'s), by listedOn, then by log
 * position: run through the listing saga in this order, the earliest listing in force while a
 * title was revokes it, with the earliest date — not the first record entered.
 */
export async function listingsOfInstitution(ledger: EventLedger, index: StreamIndex, uscc: string, except?: string): Promise<StoredEvent[]> {
  const listings: StoredEvent[] = [];
  for (const recordId of await index.recordIdsAbout({ kind: 'INSTITUTION', id: uscc })) {
    if (recordId === except) continue;
    const { events } = await loadRecord(ledger, recordId);
    listings.push(...events.filter((event) => event.type === 'InstitutionListed'));
  }
  const listedOn = (event: StoredEvent) => (event.data as InstitutionListed['data']).listedOn;
  return listings.sort((a, b) => (listedOn(a) < listedOn(b) ? -1 : listedOn(a) > listedOn(b) ? 1 : a.position - b.position));
}
