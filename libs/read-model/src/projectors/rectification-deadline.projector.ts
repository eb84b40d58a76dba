import type { StoredEvent } from '@app/event-store';
import type { EntityManager } from 'typeorm';
import type { ProjectionContext } from './projection-context';
import type { Projector } from './projector';
import { KeyedRows } from './support/keyed-rows';
import type { Row } from './support/versioned-rows';

/** The projector's name (the deadline watcher waits for its checkpoint). */
export const RECTIFICATION_DEADLINES_PROJECTOR = 'rectification-deadlines';
export const RECTIFICATION_DEADLINES_TABLE = 'rectification_deadlines';

const COLUMNS = ['record_id', 'order_id', 'deadline', 'status', 'on_time_reports'] as const;

/**
 * Keeps the deadline watcher's worklist: one row per rectification order, OPEN until it can no
 * longer lapse (lapsed, record revoked, or an on-time report accepted). An order is known by its
 * record and its id (ids are numbered per record). Rebuildable like the read models: it writes
 * through `context.table`, a batch at a time (the rows of the records the batch names are read
 * once, changed in memory and written once).
 */
export class RectificationDeadlineProjector implements Projector {
  readonly name = RECTIFICATION_DEADLINES_PROJECTOR;
  readonly tables = [RECTIFICATION_DEADLINES_TABLE];

  async apply(events: StoredEvent[], _manager: EntityManager, context: ProjectionContext): Promise<void> {
    const orders = new KeyedRows({ table: RECTIFICATION_DEADLINES_TABLE, key: ['record_id', 'order_id'], columns: COLUMNS, group: 'record_id' }, context);
    const recordIds = new Set<string>();
    for (const event of events) if (event.type.startsWith('Rectification') || event.type === 'RecordRevoked') recordIds.add(String(event.data.recordId));
    if (recordIds.size === 0) return;
    await orders.loadBy('record_id', recordIds);
    const orderOf = (data: Record<string, unknown>): Row | undefined => orders.get(orders.keyOf({ record_id: String(data.recordId), order_id: String(data.orderId) }));
    const settleAll = (recordId: string) => {
      for (const row of orders.rowsOf(recordId)) orders.put({ ...row, status: 'SETTLED' });
    };
    for (const event of events) {
      const data = event.data as Record<string, unknown>;
      switch (event.type) {
        case 'RectificationOrdered':
          orders.put({ record_id: String(data.recordId), order_id: String(data.orderId), deadline: String(data.deadline), status: 'OPEN', on_time_reports: '[]' });
          break;
        case 'RectificationReported': {
          const row = orderOf(data);
          if (row && String(data.reportedOn) <= String(row.deadline)) {
            const reports: string[] = JSON.parse(String(row.on_time_reports));
            if (!reports.includes(String(data.reportId))) orders.put({ ...row, on_time_reports: JSON.stringify([...reports, String(data.reportId)]) });
          }
          break;
        }
        case 'RectificationReviewed': {
          const row = orderOf(data);
          if (row && data.accepted === true && (JSON.parse(String(row.on_time_reports)) as string[]).includes(String(data.reportId))) orders.put({ ...row, status: 'SETTLED' });
          break;
        }
        case 'RectificationDeadlineLapsed':
          // One lapse per record: none of its orders can lapse after it (a second order in an old
          // log, taken while the first one's lapse was due, would be swept every minute for ever).
          settleAll(String(data.recordId));
          break;
        case 'RecordRevoked':
          settleAll(String(data.recordId));
          break;
      }
    }
    await orders.flush();
  }
}
