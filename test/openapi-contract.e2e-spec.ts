import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestLedger } from './support/test-app';

type Operation = { parameters?: Array<{ name: string; in: string }>; responses?: Record<string, unknown> };
type OpenApi = { paths: Record<string, Record<string, Operation>> };

/** Every path, method and query parameter of the contract (docs/api.md), read from the tables. */
function contract(): Array<{ method: 'get' | 'post'; path: string; query: string[] }> {
  const text = readFileSync(join(__dirname, '..', 'docs', 'api.md'), 'utf8');
  const section = (title: string) => text.slice(text.indexOf(`## ${title}`), text.indexOf('\n## ', text.indexOf(`## ${title}`) + 3));
  const rows = (title: string) =>
    section(title)
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .flatMap((line) => [...line.split('|')[1].matchAll(/`([^`]+)`/g)].map((m) => m[1]));
  const entry = (method: 'get' | 'post') => (raw: string) => {
    const [path, query = ''] = raw.split('?');
    return { method, path, query: query.split('&').filter(Boolean).map((p) => p.split('=')[0]) };
  };
  return [...rows('Commands').map(entry('post')), ...rows('Queries').map(entry('get'))];
}

const shape = (path: string) => path.replace(/\{[^}]+\}/g, '{}');

describe('OpenAPI description covers the whole HTTP contract', () => {
  let ledger: TestLedger;
  let document: OpenApi;

  beforeAll(async () => {
    ledger = await TestLedger.start();
    document = (await ledger.http.get('/docs-json').expect(200)).body;
  });
  afterAll(async () => {
    await ledger.stop();
  });

  const operations = contract();

  it('reads the contract tables (a guard against this test silently checking nothing)', () => {
    expect(operations.filter((o) => o.method === 'post').length).toBeGreaterThanOrEqual(23);
    expect(operations.filter((o) => o.method === 'get').length).toBeGreaterThanOrEqual(21);
  });

  it.each(operations.map((o) => [o.method.toUpperCase(), o.path, o] as const))('%s %s', (_method, _path, operation) => {
    const documented = Object.entries(document.paths).find(([path]) => shape(path) === shape(operation.path));
    expect(documented).toBeDefined();
    const described = documented![1][operation.method];
    expect(described).toBeDefined();
    const names = (described.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(operation.query));
    expect(Object.keys(described.responses ?? {}).some((status) => status.startsWith('2'))).toBe(true);
  });
});
