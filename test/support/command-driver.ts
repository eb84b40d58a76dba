import { decideRecord, streamNames, withUsccCheckCharacter } from '@app/domain';
import { EventLedger, StoredEvent } from '@app/event-store';
import { loadInstitution, loadRecord, Role, withSchemaVersion } from '@app/application';
import type { Response } from 'supertest';
import { TestLedger } from './test-app';

export interface PostOptions {
  /** For `subject` tokens: the institution the caller speaks for. */
  uscc?: string;
  key?: string;
  ifMatch?: string;
}

/** Fails with the response body, so a refused step says why. */
export function expectStatus(response: Response, status: number): Response {
  if (response.status !== status) {
    throw new Error(`expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response;
}

/** Drives the command API through HTTP with real tokens. */
export class CommandDriver {
  constructor(readonly ledger: TestLedger) {}

  post(path: string, role: Role, body: unknown, options: PostOptions = {}) {
    let request = this.ledger.http.post(path).set(this.ledger.auth(role, options.uscc));
    if (options.key !== undefined) request = request.set('Idempotency-Key', options.key);
    if (options.ifMatch !== undefined) request = request.set('If-Match', options.ifMatch);
    return request.send(body as object);
  }

  get(path: string, role: Role, uscc?: string) {
    return this.ledger.http.get(path).set(this.ledger.auth(role, uscc));
  }

  /** POST that must succeed with `status`; returns the body. */
  async ok<T = Record<string, string>>(path: string, role: Role, body: unknown, status: number, options: PostOptions = {}): Promise<T> {
    return expectStatus(await this.post(path, role, body, options), status).body as T;
  }

  async registerInstitution(uscc: string, name = '某区人民政府', regionCode = '370102'): Promise<void> {
    await this.ok('/v1/institutions', 'registrar', { uscc, name, kind: 'GOVERNMENT_ORGAN', regionCode }, 201);
  }

  async appointLeader(uscc: string, personId: string, effectiveOn: string, name = `${personId}-name`): Promise<void> {
    await this.ok(`/v1/institutions/${uscc}/leaders`, 'registrar', { personId, name, title: '主任', effectiveOn }, 201);
  }

  /** An institution record; returns its id. */
  async record(uscc: string, findingOn: string, extra: Record<string, unknown> = {}): Promise<string> {
    const body = {
      subject: { kind: 'INSTITUTION', id: uscc },
      category: 'ARREARS_TO_ENTERPRISES',
      severity: 'SERIOUS',
      domain: 'GOVERNMENT_PROCUREMENT',
      occurredOn: findingOn,
      description: '拖欠民营企业账款',
      finding: { type: 'ADMINISTRATIVE_PENALTY', documentNo: '济罚〔2026〕1号', authority: '某区财政局', findingOn },
      ...extra,
    };
    return (await this.ok('/v1/records', 'credit-office', body, 201)).recordId;
  }

  async order(recordId: string, orderedOn: string, deadline: string): Promise<string> {
    return (await this.ok(`/v1/records/${recordId}/rectification-orders`, 'credit-office', { orderedOn, deadline, requirements: '清偿欠款' }, 201)).orderId;
  }

  /**
   * A record whose rectification order lapses through the deadline watcher: recorded, ordered,
   * "today" moved to `sweepOn` when given, then swept. The sweep's count and position are returned
   * for the caller to check.
   */
  async lapsedRecord(
    uscc: string,
    dates: { findingOn: string; orderedOn: string; deadline: string; sweepOn?: string },
  ): Promise<{ recordId: string; lapsed: number; position: string }> {
    const recordId = await this.record(uscc, dates.findingOn);
    await this.order(recordId, dates.orderedOn, dates.deadline);
    if (dates.sweepOn !== undefined) this.ledger.clock.setToday(dates.sweepOn);
    const swept = await this.ok<{ lapsed: number; position: string }>('/v1/admin/deadline-sweep', 'credit-office', {}, 200);
    return { recordId, ...swept };
  }

  /**
   * The lapse as the deadline watcher writes it (domain decider, effective deadline + 1), so these
   * tests of the command API do not depend on the watcher's schedule.
   */
  async lapse(recordId: string, today: string): Promise<void> {
    const eventLedger = this.ledger.app.get(EventLedger);
    const record = await loadRecord(eventLedger, recordId);
    if (record.state.status === 'NONE') throw new Error(`no record ${recordId}`);
    const uscc = record.state.subject.kind === 'INSTITUTION' ? record.state.subject.id : record.state.subject.institutionUscc;
    const institution = await loadInstitution(eventLedger, uscc);
    const events = decideRecord({ type: 'LapseRectificationDeadline', today, data: { recordId } }, record.state, {
      institution: institution.state,
      policyProfile: 'national',
    });
    await eventLedger.append(streamNames.record(recordId), events.map(withSchemaVersion), record.revision, {
      commandId: `lapse:${recordId}`,
      actor: { sub: 'deadline-watcher', role: 'system' },
    });
  }

  stream(streamId: string): Promise<StoredEvent[]> {
    return this.ledger.store.readStream(streamId);
  }
}

/** A valid USCC from a 17-character body. */
export const uscc = (body: string): string => withUsccCheckCharacter(body);
