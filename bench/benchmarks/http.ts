import type autocannon from 'autocannon';
import { execFile } from 'node:child_process';
import { AddressInfo } from 'node:net';
import { withUsccCheckCharacter } from '@app/domain';
import { Role, TokenService } from '@app/application';
import { createLedgerApp } from '../../apps/ledger/src/ledger-app';
import type { Benchmark, BenchContext, BenchmarkResult, Figure } from '../lib/types';
import { goal } from '../lib/types';
import { round } from '../lib/stats';

const SECRET = 'bench-secret-0123456789abcdef';
const CONNECTIONS = 50;

/** A valid USCC per index: a 17-character body with the GB 32100 check character. */
const usccOf = (i: number) => withUsccCheckCharacter(`1137010${String(i).padStart(6, '0')}MB00`.slice(0, 17));

interface Load {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** Requests autocannon completed (for CPU per request). */
  requests: number;
}

/** autocannon in its own process, so the load generator does not share the server's event loop. */
function run(options: autocannon.Options): Promise<Load> {
  const args = [require.resolve('autocannon/autocannon.js'), '-j', '-c', String(options.connections), '-d', String(options.duration)];
  if (options.method) args.push('-m', options.method);
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push('-H', `${name}=${value}`);
  if (options.body) args.push('-b', options.body);
  args.push(options.url);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => {
      if (error) return reject(error);
      const result = JSON.parse(stdout) as autocannon.Result;
      resolve({
        requestsPerSecond: round(result.requests.average),
        p50: result.latency.p50,
        p99: result.latency.p99,
        errors: result.errors,
        non2xx: result.non2xx,
        // autocannon reports the total too; bench/lib's typings name only the average.
        requests: (result.requests as { total?: number }).total ?? 0,
      });
    });
  });
}

/**
 * The service under load from a second client on loopback: autocannon, 50 connections. The data
 * set goes in through the HTTP API itself (so through the domain): institutions with leaders,
 * a share of them with records whose rectification deadline has passed, swept into the
 * dishonest list with award bans.
 */
export const httpBenchmark: Benchmark = {
  id: 'http',
  title: 'HTTP under autocannon (50 connections): credit check, dishonest list, archive',
  async run(context: BenchContext): Promise<BenchmarkResult> {
    const started = Date.now();
    const institutions = context.full ? 2_000 : 300;
    const seconds = context.full ? 10 : 4;
    const dataDir = context.temp.dir('http');
    const app = await createLedgerApp({ dataDir, jwtSecret: SECRET, port: 0 }, { logger: false });
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const tokens = new TokenService(SECRET);
    const auth = (role: Role) => ({ authorization: `Bearer ${tokens.issue({ sub: `bench-${role}`, role })}`, 'content-type': 'application/json' });
    const post = async (path: string, role: Role, body: unknown) => {
      const response = await fetch(`${base}${path}`, { method: 'POST', headers: auth(role), body: JSON.stringify(body) });
      if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as Record<string, string>;
    };
    try {
      let listedUscc = '';
      for (let i = 0; i < institutions; i += 1) {
        const uscc = usccOf(i);
        await post('/v1/institutions', 'registrar', { uscc, name: `某机关${i}`, kind: 'GOVERNMENT_ORGAN', regionCode: i % 2 ? '370100' : '370102' });
        await post(`/v1/institutions/${uscc}/leaders`, 'registrar', { personId: `p-${i}`, name: `负责人${i}`, title: '主任', effectiveOn: '2024-01-01' });
        if (i % 5 === 0) {
          const { recordId } = await post('/v1/records', 'credit-office', {
            subject: { kind: 'INSTITUTION', id: uscc },
            category: 'ARREARS_TO_ENTERPRISES',
            severity: 'SERIOUS',
            domain: 'GOVERNMENT_PROCUREMENT',
            occurredOn: '2025-06-01',
            description: '拖欠民营企业账款',
            finding: { type: 'ADMINISTRATIVE_PENALTY', documentNo: `罚〔2025〕${i}号`, authority: '财政局', findingOn: '2025-07-01' },
          });
          await post(`/v1/records/${recordId}/rectification-orders`, 'credit-office', { orderedOn: '2025-07-02', deadline: '2025-08-31', requirements: '清偿欠款' });
          listedUscc = uscc;
        }
        if (i % 100 === 0) context.progress(`http: ${i} of ${institutions} institutions written through the API`);
      }
      const { position } = await post('/v1/admin/deadline-sweep', 'credit-office', {});
      await fetch(`${base}/health?consistentWith=${position}`);

      const loads: Record<string, Load> = {};
      const scenarios: Array<[string, string, autocannon.Options]> = [
        [
          'check',
          'POST /v1/checks (award evaluation of a listed institution)',
          {
            url: `${base}/v1/checks`,
            method: 'POST',
            headers: auth('approver'),
            body: JSON.stringify({ subject: { kind: 'INSTITUTION', id: listedUscc }, matter: 'AWARD_EVALUATION', on: '2026-01-05', caseRef: 'bench' }),
          },
        ],
        ['list', 'GET /v1/lists/dishonest-institutions (first page of 50)', { url: `${base}/v1/lists/dishonest-institutions?pageSize=50`, headers: auth('supervisor') }],
        ['archive', 'GET /v1/institutions/{uscc}/archive (a listed institution)', { url: `${base}/v1/institutions/${listedUscc}/archive`, headers: auth('auditor') }],
      ];
      const figures: Figure[] = [];
      for (const [id, label, options] of scenarios) {
        context.progress(`http: ${label}, ${seconds} s`);
        // The service runs in this process and autocannon in its own: this process's CPU time
        // (all threads, SQLite's included) over the requests answered is the service's cost per
        // request, which other load on the machine disturbs less than requests/s or latency.
        const cpuBefore = process.cpuUsage();
        const load = await run({ ...options, connections: CONNECTIONS, duration: seconds });
        const cpu = process.cpuUsage(cpuBefore);
        loads[id] = load;
        figures.push(
          { id: `http.${id}.requests_per_s`, label: `${label}: requests/s`, unit: 'req/s', values: { ours: load.requestsPerSecond }, ratios: {}, better: 'higher', details: { errors: load.errors, non2xx: load.non2xx } },
          { id: `http.${id}.p50_ms`, label: `${label}: p50 latency`, unit: 'ms', values: { ours: load.p50 }, ratios: {}, better: 'lower' },
          { id: `http.${id}.p99_ms`, label: `${label}: p99 latency`, unit: 'ms', values: { ours: load.p99 }, ratios: {}, better: 'lower' },
          {
            id: `http.${id}.cpu_us_per_request`,
            label: `${label}: service CPU per request`,
            unit: 'µs',
            values: { ours: round(load.requests > 0 ? (cpu.user + cpu.system) / load.requests : 0) },
            ratios: {},
            better: 'lower',
          },
        );
      }
      const checkP99 = figures.find((f) => f.id === 'http.check.p99_ms')!;
      return {
        id: 'http',
        title: this.title,
        subjects: [{ id: 'ours', label: 'this ledger (HTTP service on SQLite, in this process)', kind: 'ours' }],
        ratioColumns: [],
        figures,
        goals: [goal('http.check.p99', 'credit check p99 ≤ 5 ms', checkP99, 'ours', '<=', 5)],
        settings: { institutions, listed: Math.ceil(institutions / 5), connections: CONNECTIONS, seconds },
        notes: [
          'Server and load generator share the 2 cores; a credit check also appends its CreditCheckPerformed event (synchronous=FULL).',
          'CPU per request: user + system time of the service process (all its threads) during the run, over the requests answered.',
          ...Object.entries(loads)
            .filter(([, l]) => l.errors > 0 || l.non2xx > 0)
            .map(([id, l]) => `${id}: ${l.errors} errors, ${l.non2xx} non-2xx answers`),
        ],
        durationMs: Date.now() - started,
      };
    } finally {
      await app.close();
    }
  },
};
