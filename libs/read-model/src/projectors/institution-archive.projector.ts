import type { StoredEvent } from '@app/event-store';
import type { EntityManager } from 'typeorm';
import { InstitutionView } from '../entities';
import type { Projector } from './projector';

/** Institutions of the integrity archive (诚信档案). */
export class InstitutionArchiveProjector implements Projector {
  readonly name = 'institution-archive';

  async apply(events: StoredEvent[], manager: EntityManager): Promise<void> {
    for (const event of events) {
      if (event.type !== 'InstitutionRegistered') continue;
      const data = event.data as { uscc: string; name: string; kind: string; regionCode: string; parentUscc?: string };
      await manager.upsert(
        InstitutionView,
        {
          uscc: data.uscc,
          name: data.name,
          kind: data.kind,
          regionCode: data.regionCode,
          parentUscc: data.parentUscc ?? null,
          registeredAt: String(event.metadata.recordedAt),
          registeredPosition: event.position,
        },
        ['uscc'],
      );
    }
  }
}
