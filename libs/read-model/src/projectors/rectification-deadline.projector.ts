import type { StoredEvent } from '@app/event-store';
import type { EntityManager } from 'typeorm';
import { RectificationDeadline } from '../entities/rectification-deadline.entity';
import type { Projector } from './projector';

/** An order is known by its record and its id (ids are numbered per record). */
const orderOf = (data: Record<string, unknown>) => ({ recordId: String(data.recordId), orderId: String(data.orderId) });

/** The worklist projector's name (the deadline watcher waits for its checkpoint). */
export const RECTIFICATION_DEADLINES_PROJECTOR = 'rectification-deadlines';

/** Keeps the deadline watcher's worklist of orders that may still lapse. */
export class RectificationDeadlineProjector implements Projector {
  readonly name = RECTIFICATION_DEADLINES_PROJECTOR;

  async apply(events: StoredEvent[], manager: EntityManager): Promise<void> {
    const repository = manager.getRepository(RectificationDeadline);
    for (const event of events) {
      const data = event.data as Record<string, string | boolean>;
      switch (event.type) {
        case 'RectificationOrdered':
          await repository.upsert(
            { orderId: String(data.orderId), recordId: String(data.recordId), deadline: String(data.deadline), status: 'OPEN', onTimeReports: '[]' },
            ['recordId', 'orderId'],
          );
          break;
        case 'RectificationReported': {
          const row = await repository.findOneBy(orderOf(data));
          if (row && String(data.reportedOn) <= row.deadline) {
            const reports: string[] = JSON.parse(row.onTimeReports);
            if (!reports.includes(String(data.reportId))) reports.push(String(data.reportId));
            await repository.update(orderOf(data), { onTimeReports: JSON.stringify(reports) });
          }
          break;
        }
        case 'RectificationReviewed': {
          const row = await repository.findOneBy(orderOf(data));
          if (row && data.accepted === true && (JSON.parse(row.onTimeReports) as string[]).includes(String(data.reportId))) {
            await repository.update(orderOf(data), { status: 'SETTLED' });
          }
          break;
        }
        case 'RectificationDeadlineLapsed':
          // One lapse per record: none of its orders can lapse after it (a second order in an old
          // log, taken while the first one's lapse was due, would be swept every minute for ever).
          await repository.update({ recordId: String(data.recordId) }, { status: 'SETTLED' });
          break;
        case 'RecordRevoked':
          await repository.update({ recordId: String(data.recordId) }, { status: 'SETTLED' });
          break;
      }
    }
  }
}
