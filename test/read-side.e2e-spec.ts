import { READ_STORE, ROLES } from '@app/application';
import { PublicRevokedListings1763930000000 } from '@app/read-model/migrations/1763930000000-public-revoked-listings';
import { DataSource } from 'typeorm';
import { CommandDriver, expectStatus, uscc } from './support/command-driver';
import { TestLedger } from './support/test-app';

const U = uscc('11370100MB2853001');
const OTHER = uscc('11370112MB2853002');

/**
 * The read side through HTTP: a record lapses into a listing, a ban and an accountability
 * obligation; every list, queue, archive and the public view show it; an objection revokes the
 * record, and `knownAt` still shows what the lists said before.
 */
describe('read side: archives, lists, queues, statistics and public disclosure', () => {
  let ledger: TestLedger;
  let api: CommandDriver;
  let recordId: string;
  let position = '0';
  const knownBeforeRevocation = '2026-01-21T00:00:00.000Z';

  const read = async (path: string, role: Parameters<CommandDriver['get']>[1] = 'auditor', status = 200, uscc?: string) => {
    const separator = path.includes('?') ? '&' : '?';
    return expectStatus(await api.get(`${path}${separator}consistentWith=${position}`, role, uscc), status);
  };
  const remember = (body: { position?: string }) => {
    if (body.position && Number(body.position) > Number(position)) position = body.position;
    return body;
  };

  beforeAll(async () => {
    ledger = await TestLedger.start({}, '2026-01-05');
    api = new CommandDriver(ledger);
    await api.registerInstitution(U, '济南高新区管委会', '370100');
    await api.registerInstitution(OTHER, '某镇人民政府', '370112');
    await api.appointLeader(U, 'p-wang', '2025-01-01', '王某');
    remember(await api.ok('/v1/officials', 'registrar', { personId: 'p-zhao', name: '赵某', institutionUscc: U, post: '科长' }, 201));
    recordId = await api.record(U, '2025-12-01');
    await api.order(recordId, '2025-12-10', '2025-12-31');
    remember(await api.ok('/v1/admin/deadline-sweep', 'credit-office', {}, 200));
  });
  afterAll(async () => {
    await ledger.stop();
  });

  it('archives the institution with its leaders, officials, the record, its listing, ban and obligation', async () => {
    const { body } = await read(`/v1/institutions/${U}/archive`);
    expect(body.subject).toEqual({ kind: 'INSTITUTION', id: U, name: '济南高新区管委会', institutionKind: 'GOVERNMENT_ORGAN', regionCode: '370100', parentUscc: null });
    expect(body.status).toEqual({ listed: true, activeAwardBans: 1, inPublication: 1, openRectifications: 1 });
    expect(body.leaders).toEqual([expect.objectContaining({ personId: 'p-wang', name: '王某', effectiveOn: '2025-01-01' })]);
    expect(body.currentLeader).toBe('p-wang');
    expect(body.officials.map((o: { personId: string }) => o.personId).sort()).toEqual(['p-wang', 'p-zhao']);
    const [record] = body.records;
    expect(record).toMatchObject({
      recordId,
      status: 'ACTIVE',
      policyVersion: 'NDRC-2019-527',
      underObjection: false,
      publication: { published: true, firstDay: '2025-12-01', lastDay: '2028-12-01' },
      rectification: { lapsed: true, lapsedOn: '2026-01-01' },
      listing: { listedOn: '2026-01-01', listed: true },
      awardBans: [{ banId: `ban-${recordId}`, startsOn: '2026-01-01', lastDay: '2029-01-01', status: 'ACTIVE' }],
      accountability: { obligations: [expect.objectContaining({ personId: 'p-wang', status: 'OPEN', role: 'LEADER_AT_DEADLINE' })] },
    });
    expect(record.provenance.listing.producedBy).toEqual(expect.any(Number));
    expect(body.asOf.position).toMatch(/^\d+$/);
  });

  it('lists the institution as dishonest, under an active ban, in the accountability queue and the trace', async () => {
    const list = (await read('/v1/lists/dishonest-institutions', 'supervisor')).body;
    expect(list).toMatchObject({ page: 1, pageSize: 50, total: 1 });
    expect(list.items[0]).toMatchObject({ uscc: U, name: '济南高新区管委会', regionCode: '370100', recordId, listedOn: '2026-01-01', publicationLastDay: '2029-01-01', policyVersion: 'NDRC-2019-527' });
    // A region takes in the regions under it (GB/T 2260): Shandong (370000) holds Jinan (370100), not one of its districts.
    expect((await read('/v1/lists/dishonest-institutions?region=370112')).body.total).toBe(0);
    expect((await read('/v1/lists/dishonest-institutions?region=370000')).body.total).toBe(1);
    expect((await read('/v1/lists/dishonest-institutions?region=440000')).body.total).toBe(0);
    expect((await read('/v1/lists/dishonest-institutions?on=2025-12-31')).body.total).toBe(0);

    const bans = (await read(`/v1/lists/award-bans?subjectId=${U}`, 'approver')).body;
    expect(bans.items).toEqual([expect.objectContaining({ banId: `ban-${recordId}`, subject: { kind: 'INSTITUTION', id: U }, status: 'ACTIVE' })]);
    expect((await read('/v1/lists/award-bans?activeOn=2025-12-31')).body.total).toBe(0);

    const queue = (await read('/v1/queues/accountability', 'discipline')).body;
    expect(queue.items).toEqual([expect.objectContaining({ recordId, personId: 'p-wang', name: '王某', role: 'LEADER_AT_DEADLINE', dueOn: '2026-01-01' })]);
    const rectifications = (await read('/v1/queues/rectifications', 'credit-office')).body;
    expect(rectifications.items).toEqual([expect.objectContaining({ recordId, status: 'LAPSED', deadline: '2025-12-31', overdue: true })]);

    const trace = (await read(`/v1/records/${recordId}/accountability-trace`, 'discipline')).body;
    expect(trace).toMatchObject({ recordId, institution: { uscc: U, name: '济南高新区管委会' } });
    expect(trace.persons).toEqual([{ personId: 'p-wang', name: '王某', roles: ['LEADER_AT_OCCURRENCE', 'LEADER_AT_DEADLINE'] }]);

    const official = (await read('/v1/officials/p-wang/archive', 'discipline')).body;
    expect(official.subject).toMatchObject({ kind: 'OFFICIAL', id: 'p-wang', name: '王某', institutionUscc: U });
    expect(official.accountability).toEqual([expect.objectContaining({ recordId, obligations: [expect.objectContaining({ status: 'OPEN' })] })]);
  });

  it('puts the institution on the grey list while the order was open, and counts by region, domain and category', async () => {
    const grey = (await read('/v1/lists/key-attention?on=2025-12-15', 'supervisor')).body;
    // Listed only on 2026-01-01: on 2025-12-15 the SERIOUS record was in publication and not yet listed (valid time).
    expect(grey.items).toEqual([expect.objectContaining({ uscc: U, reasons: ['OPEN_RECTIFICATION_ORDER', 'SERIOUS_RECORD_NOT_LISTED'] })]);
    expect((await read('/v1/lists/key-attention?on=2025-12-15&region=370000', 'supervisor')).body.total).toBe(1);
    expect((await read('/v1/lists/key-attention?on=2025-12-15&region=370200', 'supervisor')).body.total).toBe(0);
    const afterListing = (await read('/v1/lists/key-attention?on=2026-01-02', 'supervisor')).body;
    expect(afterListing.items.flatMap((item: { reasons: string[] }) => item.reasons)).not.toContain('SERIOUS_RECORD_NOT_LISTED');
    const stats = (await read('/v1/stats?groupBy=region&from=2025-01-01&to=2026-12-31', 'supervisor')).body;
    expect(stats.groups).toEqual([{ key: '370100', records: 1, listings: 1, bans: 1, repairs: 0 }]);
    expect((await read('/v1/stats?groupBy=domain')).body.groups).toEqual([{ key: 'GOVERNMENT_PROCUREMENT', records: 1, listings: 1, bans: 1, repairs: 0 }]);
    expect((await read('/v1/stats?groupBy=category')).body.groups[0].key).toBe('ARREARS_TO_ENTERPRISES');
  });

  it('publishes the record and the list without a token, and exports it as CSV and JSON', async () => {
    const records = expectStatus(await ledger.http.get('/public/v1/records'), 200).body;
    expect(records.items).toEqual([
      expect.objectContaining({ recordId, uscc: U, name: '济南高新区管委会', underObjection: false, finding: expect.objectContaining({ documentNo: '济罚〔2026〕1号' }) }),
    ]);
    expect(expectStatus(await ledger.http.get('/public/v1/records?region=370000'), 200).body.total).toBe(1);
    expect(expectStatus(await ledger.http.get('/public/v1/records?region=370112'), 200).body.total).toBe(0);
    const listed = expectStatus(await ledger.http.get('/public/v1/dishonest-institutions'), 200).body;
    expect(listed.items).toEqual([expect.objectContaining({ uscc: U, listedOn: '2026-01-01', underObjection: false })]);

    const csv = expectStatus(await ledger.http.get('/public/v1/export.csv'), 200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('uscc,name,region,subjectKind,officialName,recordId,category,severity,domain,findingDocumentNo,findingAuthority,findingOn,publicationLastDay,listedOn,listingLastDay,delistedOn,underObjection,description,findingType,publicationFirstDay');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`${U},济南高新区管委会,370100,INSTITUTION,,${recordId},ARREARS_TO_ENTERPRISES,SERIOUS`);
    // Everything the paged public view publishes is in the bulk extract too.
    expect(lines[1]).toMatch(/,false,拖欠民营企业账款,ADMINISTRATIVE_PENALTY,2025-12-01$/);
    const json = JSON.parse(expectStatus(await ledger.http.get('/public/v1/export.json'), 200).text);
    expect(json.records).toEqual([
      expect.objectContaining({
        uscc: U,
        recordId,
        listedOn: '2026-01-01',
        underObjection: false,
        description: records.items[0].description,
        findingType: records.items[0].finding.type,
        publicationFirstDay: records.items[0].publication.firstDay,
      }),
    ]);
  });

  it('flags an objection in public, queues it with its 7-working-day due date, and after revocation keeps the old view through knownAt', async () => {
    ledger.clock.setToday('2026-01-20');
    remember(await api.ok(`/v1/records/${recordId}/objections`, 'subject', { objectionId: 'obj-1', filedOn: '2026-01-20', grounds: '已按期清偿' }, 201, { uscc: U }));
    const objections = (await read('/v1/queues/objections', 'credit-office')).body;
    expect(objections.items).toEqual([expect.objectContaining({ recordId, objectionId: 'obj-1', filedOn: '2026-01-20', dueOn: '2026-01-29', overdue: false })]);
    expect(expectStatus(await ledger.http.get(`/public/v1/records?consistentWith=${position}`), 200).body.items[0].underObjection).toBe(true);
    // 异议标注 in the public list too (domain.md §4.5), and on the supervisors' list.
    expect(expectStatus(await ledger.http.get(`/public/v1/dishonest-institutions?consistentWith=${position}`), 200).body.items).toEqual([
      expect.objectContaining({ uscc: U, recordId, underObjection: true }),
    ]);
    expect((await read('/v1/lists/dishonest-institutions')).body.items).toEqual([expect.objectContaining({ recordId, underObjection: true })]);
    expect(expectStatus(await ledger.http.get('/public/v1/dishonest-institutions?on=2026-01-10'), 200).body.items).toEqual([expect.objectContaining({ recordId })]);

    ledger.clock.setToday('2026-01-22');
    remember(
      await api.ok(`/v1/records/${recordId}/objections/obj-1/decision`, 'credit-office', { decidedOn: '2026-01-22', outcome: 'RECORD_REVOKED', reason: '认定错误' }, 200),
    );
    expect((await read('/v1/lists/dishonest-institutions')).body.total).toBe(0);
    // A listing revoked as wrong was never in force, as its voided ban: no date shows it now, for
    // supervisors or the public; what the list said before the revocation stays visible (knownAt, below).
    expect((await read('/v1/lists/dishonest-institutions?on=2026-01-10')).body.total).toBe(0);
    expect(expectStatus(await ledger.http.get('/public/v1/dishonest-institutions?on=2026-01-10'), 200).body.total).toBe(0);
    expect((await read('/v1/queues/objections', 'supervisor')).body.total).toBe(0);
    expect((await read('/v1/queues/accountability', 'supervisor')).body.total).toBe(0);
    const bans = (await read('/v1/lists/award-bans')).body.items;
    expect(bans).toEqual([expect.objectContaining({ status: 'VOIDED', endedOn: '2026-01-22', endedBy: expect.objectContaining({ type: 'AwardBanVoided' }) })]);
    expect((await read('/v1/lists/award-bans?activeOn=2026-01-10')).body.total).toBe(0);

    const before = (await read(`/v1/lists/dishonest-institutions?knownAt=${knownBeforeRevocation}`)).body;
    expect(before.items).toEqual([expect.objectContaining({ uscc: U, recordId, listedOn: '2026-01-01', underObjection: true })]);
    expect(before.asOf.knownAt).toBe(knownBeforeRevocation);
    const bansBefore = (await read(`/v1/lists/award-bans?knownAt=${knownBeforeRevocation}`)).body.items;
    expect(bansBefore).toEqual([expect.objectContaining({ status: 'ACTIVE' })]);

    // The queues as they stood then (system time): the objection awaiting its decision, the leader's obligation still open.
    const objectionsBefore = (await read(`/v1/queues/objections?knownAt=${knownBeforeRevocation}`, 'supervisor')).body;
    expect(objectionsBefore).toMatchObject({ total: 1, items: [{ recordId, objectionId: 'obj-1' }], asOf: { knownAt: knownBeforeRevocation } });
    expect((await read(`/v1/queues/accountability?knownAt=${knownBeforeRevocation}`, 'supervisor')).body.items).toEqual([
      expect.objectContaining({ recordId, personId: 'p-wang' }),
    ]);
    expect((await read(`/v1/queues/objections?knownAt=${ledger.clock.now().toISOString()}`, 'supervisor')).body.total).toBe(0);
    // The accountability trace as it stood then: the leader's obligation open; now cancelled, with why.
    const traceBefore = (await read(`/v1/records/${recordId}/accountability-trace?knownAt=${knownBeforeRevocation}`, 'discipline')).body;
    expect(traceBefore).toMatchObject({ recordId, obligations: [{ personId: 'p-wang', status: 'OPEN' }], asOf: { knownAt: knownBeforeRevocation } });
    expect(traceBefore.persons).toEqual(expect.arrayContaining([expect.objectContaining({ personId: 'p-wang' })]));
    const traceNow = (await read(`/v1/records/${recordId}/accountability-trace`, 'discipline')).body;
    expect(traceNow.obligations).toEqual([expect.objectContaining({ personId: 'p-wang', status: 'CANCELLED', cancelReason: 'RECORD_REVOKED' })]);
    // Before the record was entered, there was no record to trace.
    await read(`/v1/records/${recordId}/accountability-trace?knownAt=2025-01-01T00:00:00Z`, 'discipline', 404);

    // The statistics as they stood then counted the listing and the ban, which count no more (revoked, voided).
    const statsBefore = (await read(`/v1/stats?groupBy=domain&knownAt=${knownBeforeRevocation}`, 'supervisor')).body;
    expect(statsBefore).toMatchObject({ to: '2026-01-21', totals: { records: 1, listings: 1, bans: 1 }, asOf: { knownAt: knownBeforeRevocation } });
    expect((await read('/v1/stats?groupBy=domain&to=2026-01-21', 'supervisor')).body.totals).toMatchObject({ records: 0, listings: 0, bans: 0 });

    const archiveBefore = (await read(`/v1/institutions/${U}/archive?knownAt=${knownBeforeRevocation}`)).body;
    expect(archiveBefore.records[0]).toMatchObject({ status: 'ACTIVE', underObjection: true, listing: { listed: true } });
    expect(archiveBefore.asOf).toMatchObject({ knownAt: knownBeforeRevocation });
    const archiveNow = (await read(`/v1/institutions/${U}/archive`)).body;
    expect(archiveNow.records[0]).toMatchObject({ status: 'REVOKED', listing: { delistedOn: '2026-01-22', delistReason: 'RECORD_REVOKED' }, awardBans: [{ status: 'VOIDED' }] });
    expect(archiveNow.status).toMatchObject({ listed: false, activeAwardBans: 0 });
  });

  describe('roles and refused input', () => {
    it.each([
      ['/v1/lists/dishonest-institutions', 'approver'],
      ['/v1/lists/award-bans', 'subject'],
      ['/v1/lists/key-attention', 'discipline'],
      ['/v1/queues/objections', 'discipline'],
      ['/v1/queues/accountability', 'credit-office'],
      ['/v1/stats?groupBy=region', 'credit-office'],
      ['/v1/officials/p-wang/archive', 'supervisor'],
      [`/v1/records/rec-x/accountability-trace`, 'credit-office'],
    ] as const)('%s refuses %s with 403', async (path, role) => {
      const response = await api.get(path, role, role === 'subject' ? U : undefined);
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('FORBIDDEN');
    });

    it('lets any role read the red list and a subject only its own archive', async () => {
      expect(ROLES).toEqual(expect.arrayContaining(['registrar', 'credit-office', 'subject', 'discipline', 'supervisor', 'auditor', 'approver']));
      for (const role of ROLES) {
        const { body } = await read('/v1/lists/exemplars', role, 200, role === 'subject' ? U : undefined);
        expect(body).toMatchObject({ items: expect.any(Array), page: 1 });
      }
      await read(`/v1/institutions/${U}/archive`, 'subject', 200, U);
      expect((await api.get(`/v1/institutions/${U}/archive`, 'subject', OTHER)).status).toBe(403);
    });

    it.each([
      ['/v1/lists/dishonest-institutions?pageSize=501'],
      ['/v1/lists/dishonest-institutions?page=0'],
      ['/v1/lists/dishonest-institutions?page=1000001'],
      ['/v1/lists/award-bans?page=99999999999999999999'],
      ['/v1/lists/award-bans?page=1&page=2'],
      ['/v1/lists/dishonest-institutions?on=2026-02-30'],
      ['/v1/lists/dishonest-institutions?colour=red'],
      ['/v1/lists/dishonest-institutions?domain=SPACE'],
      ['/v1/lists/award-bans?knownAt=yesterday'],
      ['/v1/stats?groupBy=planet'],
      ['/v1/stats'],
      [`/v1/institutions/${U}/archive?knownAt=2026-13-01T00:00:00Z`],
    ])('%s is a 400 problem', async (path) => {
      const response = await api.get(path, 'auditor');
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    });

    it.each([
      ['/v1/lists/dishonest-institutions?knownAt=2026-01-05T08:00:00', 'knownAt'],
      ['/v1/lists/dishonest-institutions?knownAt=2026-W02', 'knownAt'],
      [`/v1/institutions/${U}/archive?knownAt=2026-01-05`, 'knownAt'],
      // One record or commitment is what the log says now: no time travel there, and no parameter is silently ignored.
      ['/v1/records/rec-none?knownAt=2026-01-05T08:00:00Z', 'knownAt'],
      ['/v1/commitments/c-none?bogus=1', 'bogus'],
      ['/v1/audit/digest?bogus=1', 'bogus'],
    ])('%s is a 400 naming %s (an instant needs a time zone, an unknown parameter is refused; a malformed subjectId is INVALID_USCC, query-uscc.e2e-spec)', async (path, field) => {
      const response = await api.get(path, 'auditor');
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors).toEqual([expect.objectContaining({ field })]);
    });

    it('answers 404 for an official or a record not in the archive', async () => {
      expect((await api.get('/v1/officials/p-nobody/archive', 'auditor')).status).toBe(404);
      expect((await api.get('/v1/records/rec-none/accountability-trace', 'auditor')).status).toBe(404);
    });
  });
});

describe('public disclosure of a listing revoked as wrong (LISTING_REVOKED)', () => {
  it('keeps the record published but shows no listing, in the records view and the exports; the migration reworks rows written before', async () => {
    let ledger = await TestLedger.start({}, '2026-01-05');
    try {
      const api = new CommandDriver(ledger);
      await api.registerInstitution(U, '济南高新区管委会', '370100');
      const { recordId, ...swept } = await api.lapsedRecord(U, { findingOn: '2025-12-01', orderedOn: '2025-12-10', deadline: '2025-12-31' });
      const listed = expectStatus(await ledger.http.get(`/public/v1/records?consistentWith=${swept.position}`), 200).body;
      expect(listed.items).toEqual([expect.objectContaining({ recordId, listing: { listedOn: '2026-01-01', publicationLastDay: '2029-01-01' } })]);

      ledger.clock.setToday('2026-01-21');
      await api.ok(`/v1/records/${recordId}/objections`, 'subject', { objectionId: 'obj-1', filedOn: '2026-01-20', grounds: '整改已按期完成' }, 201, { uscc: U });
      const { position } = await api.ok(
        `/v1/records/${recordId}/objections/obj-1/decision`,
        'credit-office',
        { decidedOn: '2026-01-21', outcome: 'LISTING_REVOKED', reason: '整改按期完成，列入有误' },
        200,
      );
      const expectPublicWithoutListing = async (at: string) => {
        const records = expectStatus(await ledger.http.get(`/public/v1/records?consistentWith=${at}`), 200).body;
        expect(records.items).toEqual([expect.objectContaining({ recordId, publication: expect.objectContaining({ lastDay: '2028-12-01' }), listing: null })]);
        const csv = expectStatus(await ledger.http.get('/public/v1/export.csv'), 200).text.replace(/^\uFEFF/, '').trim().split('\r\n');
        expect(csv).toHaveLength(2);
        expect(csv[1]).not.toContain('2026-01-01');
        const json = JSON.parse(expectStatus(await ledger.http.get('/public/v1/export.json'), 200).text);
        expect(json.records).toEqual([expect.objectContaining({ recordId, listedOn: null, listingLastDay: null, delistedOn: null })]);
      };
      await expectPublicWithoutListing(position);
      // No date lists it now (never in force); the record still shows the listing and why it ended.
      expect(expectStatus(await api.get(`/v1/lists/dishonest-institutions?on=2026-01-10&consistentWith=${position}`, 'supervisor'), 200).body.total).toBe(0);
      const record = expectStatus(await api.get(`/v1/records/${recordId}`, 'supervisor'), 200).body;
      expect(record.listing).toMatchObject({ listedOn: '2026-01-01', delistReason: 'LISTING_REVOKED', listed: false });

      // A read store written before this rule showed the listing: the migration has it worked out again.
      const readStore = ledger.app.get<DataSource>(READ_STORE);
      await readStore.query(`UPDATE public_records SET listed_on = '2026-01-01', listing_last_day = '2029-01-01', delisted_on = '2026-01-21'`);
      const runner = readStore.createQueryRunner();
      try {
        await new PublicRevokedListings1763930000000().up(runner);
      } finally {
        await runner.release();
      }
      ledger = await ledger.restart('2026-01-21');
      await expectPublicWithoutListing(position);

      // A procurement check about a day the listing stood: no LISTING finding (RESTRICTED), the record is one in publication.
      const check = await new CommandDriver(ledger).ok<{ outcome: string; findings: Array<{ kind: string }> }>(
        '/v1/checks',
        'approver',
        { subject: { kind: 'INSTITUTION', id: U }, matter: 'PROCUREMENT', on: '2026-01-10', caseRef: '采购〔2026〕3号' },
        201,
      );
      expect(check.findings.map((f) => f.kind)).toEqual(['RECORD', 'OPEN_RECTIFICATION']);
      expect(check.outcome).toBe('ATTENTION');
    } finally {
      await ledger.stop();
    }
  });
});

describe('public disclosure of officials', () => {
  it('shows officials only when LEDGER_PUBLISH_OFFICIALS=true, with the name masked and no personId', async () => {
    for (const publishOfficials of [false, true]) {
      const ledger = await TestLedger.start({ publishOfficials }, '2026-01-05');
      try {
        const api = new CommandDriver(ledger);
        await api.registerInstitution(U, '济南高新区管委会', '370100');
        await api.ok('/v1/officials', 'registrar', { personId: 'p-zhao', name: '赵某某', institutionUscc: U, post: '科长' }, 201);
        const { recordId, position } = await api.ok(
          '/v1/records',
          'credit-office',
          {
            subject: { kind: 'OFFICIAL', id: 'p-zhao', institutionUscc: U },
            category: 'OTHER',
            severity: 'GENERAL',
            domain: 'OTHER',
            occurredOn: '2025-12-01',
            description: '违规审批',
            finding: { type: 'DISCIPLINARY_SANCTION', documentNo: '纪〔2025〕9号', authority: '区纪委', findingOn: '2025-12-20' },
          },
          201,
        );
        const records = expectStatus(await ledger.http.get(`/public/v1/records?consistentWith=${position}`), 200).body;
        const csv = expectStatus(await ledger.http.get('/public/v1/export.csv'), 200).text;
        expect(csv).not.toContain('p-zhao');
        expect(JSON.stringify(records)).not.toContain('p-zhao');
        if (publishOfficials) {
          expect(records.items).toEqual([expect.objectContaining({ recordId, subjectKind: 'OFFICIAL', officialName: '赵*', uscc: U })]);
          expect(csv).toContain(',OFFICIAL,赵*,');
        } else {
          expect(records.total).toBe(0);
          expect(csv).not.toContain('赵');
        }
      } finally {
        await ledger.stop();
      }
    }
  });
});
