import { CommandDriver, expectStatus, uscc } from './support/command-driver';
import { TestLedger } from './support/test-app';

const U = uscc('11370100MB2853601');
const V = uscc('11370100MB2853602');

/** Recorded before the successor's appointment: the knownAt view in which 王某 still holds U. */
const KNOWN_BEFORE_SUCCESSOR = '2026-03-01T12:00:00.000Z';

/**
 * domain.md §4.1: a leader serves from effectiveOn until the day before the next appointment.
 * The official's archive (GET /v1/officials/{personId}/archive) ends each appointment where the
 * institution's archive ends that term, and leaves it open (no `until`) while no later appointment
 * is on record — as known at `knownAt` when asked.
 */
describe('an official’s archive ends each appointment where the institution archive ends the term, through HTTP', () => {
  let ledger: TestLedger;
  let api: CommandDriver;
  let position = '0';

  const archive = async (path: string, knownAt?: string) => {
    const query: Record<string, string> = { consistentWith: position, ...(knownAt && { knownAt }) };
    return expectStatus(await ledger.http.get(path).query(query).set(ledger.auth('auditor')), 200).body;
  };
  const appoint = async (at: string, personId: string, name: string, effectiveOn: string) => {
    ({ position } = await api.ok(`/v1/institutions/${at}/leaders`, 'registrar', { personId, name, title: '局长', effectiveOn }, 201));
  };
  type Term = { personId: string; effectiveOn: string; until?: string; provenance?: { producedBy: number } };
  const termOf = (institutionArchive: { leaders: Term[] }, personId: string, effectiveOn: string) =>
    institutionArchive.leaders.find((l) => l.personId === personId && l.effectiveOn === effectiveOn);

  beforeAll(async () => {
    ledger = await TestLedger.start({}, '2026-06-01');
    api = new CommandDriver(ledger);
    ledger.clock.set('2026-03-01T02:00:00Z');
    await api.registerInstitution(U, '某区住建局');
    await api.registerInstitution(V, '某区财政局');
    await appoint(U, 'p-wang', '王某', '2024-01-01');
    await appoint(V, 'p-wang', '王某', '2025-01-01');
    // Recorded after KNOWN_BEFORE_SUCCESSOR: 李某 succeeds 王某 at U; 赵某's earlier term is back-entered.
    ledger.clock.set('2026-03-02T02:00:00Z');
    await appoint(U, 'p-li', '李某', '2026-03-02');
    await appoint(U, 'p-zhao', '赵某', '2023-01-01');
    ledger.clock.setToday('2026-06-01');
  });
  afterAll(async () => {
    await ledger.stop();
  });

  it('a succeeded official’s term at U ends the day before the successor took office; the term still held at V stays open', async () => {
    const official = await archive('/v1/officials/p-wang/archive');
    expect(official.appointments).toEqual([
      { uscc: U, title: '局长', effectiveOn: '2024-01-01', until: '2026-03-01', provenance: { producedBy: expect.any(Number) } },
      { uscc: V, title: '局长', effectiveOn: '2025-01-01', provenance: { producedBy: expect.any(Number) } },
    ]);
    expect(official.appointments[1]).not.toHaveProperty('until');
  });

  it('every appointment’s end is the one the institution archive shows for that term, in date order (back-entered terms too)', async () => {
    const institutions = { [U]: await archive(`/v1/institutions/${U}/archive`), [V]: await archive(`/v1/institutions/${V}/archive`) };
    for (const [personId, expected] of [
      ['p-wang', 2],
      ['p-li', 1],
      ['p-zhao', 1],
    ] as const) {
      const { appointments } = await archive(`/v1/officials/${personId}/archive`);
      expect(appointments).toHaveLength(expected);
      for (const appointment of appointments) {
        const term = termOf(institutions[appointment.uscc], personId, appointment.effectiveOn);
        expect(term).toBeDefined();
        expect(appointment.until).toBe(term!.until);
        expect(appointment.provenance).toEqual(term!.provenance);
      }
    }
    expect((await archive('/v1/officials/p-zhao/archive')).appointments).toEqual([expect.objectContaining({ uscc: U, effectiveOn: '2023-01-01', until: '2023-12-31' })]);
    expect((await archive('/v1/officials/p-li/archive')).appointments).toEqual([expect.not.objectContaining({ until: expect.anything() })]);
  });

  it('with knownAt before the successor was recorded, the term at U is still open, as in the institution archive then', async () => {
    const official = await archive('/v1/officials/p-wang/archive', KNOWN_BEFORE_SUCCESSOR);
    expect(official.asOf).toMatchObject({ knownAt: KNOWN_BEFORE_SUCCESSOR });
    expect(official.appointments.map((a: { uscc: string; effectiveOn: string }) => [a.uscc, a.effectiveOn])).toEqual([
      [U, '2024-01-01'],
      [V, '2025-01-01'],
    ]);
    for (const appointment of official.appointments) expect(appointment).not.toHaveProperty('until');
    const institutionThen = await archive(`/v1/institutions/${U}/archive`, KNOWN_BEFORE_SUCCESSOR);
    expect(termOf(institutionThen, 'p-wang', '2024-01-01')).not.toHaveProperty('until');

    // A knownAt after the successor was recorded ends it, as now.
    const later = await archive('/v1/officials/p-wang/archive', '2026-03-02T12:00:00.000Z');
    expect(later.appointments[0]).toMatchObject({ uscc: U, until: '2026-03-01' });
  });
});
