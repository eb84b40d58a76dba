import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decideInstitution, evolveInstitution, initialInstitutionState, InstitutionCommand, InstitutionState, withUsccCheckCharacter } from '@app/domain';
import { CommandContext, EventLedger, IdempotencyKeyReusedError, SqliteEventStore, WrongExpectedRevisionError } from '@app/event-store';
import { decideAndAppend, loadStream } from './decide-and-append';

const USCC = withUsccCheckCharacter('11370100MB2850123');
const STREAM = `institution-${USCC}`;
const register: InstitutionCommand = { type: 'RegisterInstitution', data: { uscc: USCC, name: '某市财政局', kind: 'GOVERNMENT_ORGAN', regionCode: '370100' } };
const appoint = (personId: string, effectiveOn: string): InstitutionCommand => ({ type: 'AppointPrincipalLeader', data: { uscc: USCC, personId, name: `局长${personId}`, title: '局长', effectiveOn } });
const context = (commandId: string, requestDigest = 'digest-a'): CommandContext => ({ commandId, actor: { sub: 'office-1', role: 'credit-office' }, requestDigest });

/**
 * A retried request racing its original: the retry looks in the log first (nothing yet), then the
 * original commits, then the retry reads the stream. Real store, real ledger; `original` runs
 * inside the retry's first load to put the two in exactly that order.
 */
describe('decideAndAppend: a retry that races its original gets the original’s answer', () => {
  let dir: string;
  let store: SqliteEventStore;
  let ledger: EventLedger;
  const load = () => loadStream<InstitutionState>(ledger, STREAM, initialInstitutionState, evolveInstitution as never);
  const decide = (command: InstitutionCommand) => (state: InstitutionState) => decideInstitution(command, state);
  /** The load of a retry, with its original committed just before the first read. */
  const loadAfter = (original: () => Promise<unknown>) => {
    let done = false;
    return async () => {
      if (!done) (done = true), await original();
      return load();
    };
  };
  const head = async () => (await store.readStream(STREAM)).length;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-decide-append-'));
    store = await SqliteEventStore.open({ filename: join(dir, 'events.sqlite'), synchronous: 'OFF' });
    ledger = new EventLedger(store, { now: () => new Date('2026-03-01T02:00:00.000Z') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a registration the decider would refuse (the institution now exists): the original’s positions, replayed', async () => {
    let first: Awaited<ReturnType<typeof decideAndAppend>> | undefined;
    const original = async () => (first = await decideAndAppend(ledger, STREAM, load, decide(register), context('key-1')));
    const retry = await decideAndAppend(ledger, STREAM, loadAfter(original), decide(register), context('key-1'));
    expect(first).toMatchObject({ replayed: false });
    expect(retry).toEqual({ ...first, replayed: true });
    expect(await head()).toBe(1);
  });

  it('a command whose If-Match the original moved on: the original’s answer, not a 412', async () => {
    await decideAndAppend(ledger, STREAM, load, decide(register), context('register'));
    let first: Awaited<ReturnType<typeof decideAndAppend>> | undefined;
    const original = async () => (first = await decideAndAppend(ledger, STREAM, load, decide(appoint('p-li', '2026-03-01')), context('key-2'), { ifMatch: 0 }));
    const retry = await decideAndAppend(ledger, STREAM, loadAfter(original), decide(appoint('p-li', '2026-03-01')), context('key-2'), { ifMatch: 0 });
    expect(retry).toEqual({ ...first, replayed: true });
    expect(await head()).toBe(3);
  });

  it('another request under the key that raced in: IDEMPOTENCY_KEY_REUSED, not the decider’s refusal', async () => {
    const original = () => decideAndAppend(ledger, STREAM, load, decide(register), context('key-3', 'digest-a'));
    await expect(decideAndAppend(ledger, STREAM, loadAfter(original), decide(register), context('key-3', 'digest-b'))).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    expect(await head()).toBe(1);
  });

  it('a refusal of a command of its own stands (another command got in first), and so does a conflict under If-Match', async () => {
    const other = () => decideAndAppend(ledger, STREAM, load, decide(register), context('other-key'));
    await expect(decideAndAppend(ledger, STREAM, loadAfter(other), decide(register), context('key-4'))).rejects.toMatchObject({ code: 'CONFLICT' });
    const renamed = () => decideAndAppend(ledger, STREAM, load, decide(appoint('p-li', '2026-03-01')), context('rename-a'));
    await expect(decideAndAppend(ledger, STREAM, loadAfter(renamed), decide(appoint('p-wang', '2026-04-01')), context('rename-b'), { ifMatch: 0 })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    // A command id made just now is not looked for at all.
    await expect(decideAndAppend(ledger, STREAM, load, decide(register), context('fresh'), { newCommandId: true })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await head()).toBe(3);
  });
});
