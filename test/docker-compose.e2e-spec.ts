import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/*
 * No Docker here, so this checks the wiring of docker-compose.yml statically: the services the
 * README and the scale-out design rely on, their health checks, and that names, ports and
 * credentials agree across services.
 */
const root = join(__dirname, '..');

type Service = {
  image?: string;
  build?: unknown;
  command?: string | string[];
  profiles?: string[];
  environment?: Record<string, string | null> | string[];
  ports?: Array<string | { target: number; published?: string | number }>;
  volumes?: Array<string | { source?: string }>;
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
};
type ComposeFile = { services: Record<string, Service>; volumes?: Record<string, unknown> };

// Compose understands `<<` merge keys; YAML 1.2 parsers need them switched on.
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as ComposeFile;
const services = compose.services;
const clusterNodes = ['esdb-node1', 'esdb-node2', 'esdb-node3'];

function env(name: string): Record<string, string | null> {
  const environment = services[name]?.environment ?? {};
  if (!Array.isArray(environment)) return environment;
  return Object.fromEntries(
    environment.map((entry) => {
      const at = entry.indexOf('=');
      return at < 0 ? [entry, null] : [entry.slice(0, at), entry.slice(at + 1)];
    }),
  );
}

function dependencies(name: string): Record<string, string | undefined> {
  const dependsOn = services[name]?.depends_on ?? {};
  if (Array.isArray(dependsOn)) return Object.fromEntries(dependsOn.map((d) => [d, undefined]));
  return Object.fromEntries(Object.entries(dependsOn).map(([d, spec]) => [d, spec?.condition]));
}

function healthCommand(name: string): string {
  const test = services[name]?.healthcheck?.test;
  return Array.isArray(test) ? test.join(' ') : (test ?? '');
}

function publishedPorts(name: string): string[] {
  return (services[name]?.ports ?? []).map((p) => (typeof p === 'string' ? p : `${p.published}:${p.target}`));
}

/** `esdb://a:2113,b:2113?tls=false` -> hosts and query (URL cannot parse several hosts). */
function parseEsdbConnectionString(value: string): { hosts: string[]; params: URLSearchParams } {
  const match = /^esdb(?:\+discover)?:\/\/([^/?]+)\/?(?:\?(.*))?$/.exec(value);
  if (!match) throw new Error(`not an esdb:// connection string: ${value}`);
  return { hosts: match[1].split(','), params: new URLSearchParams(match[2] ?? '') };
}

describe('docker-compose.yml', () => {
  it('defines the cluster, the dev node, PostgreSQL, the ledger and the projector', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['esdb-node1', 'esdb-node2', 'esdb-node3', 'eventstore', 'ledger', 'postgres', 'projector'].sort(),
    );
  });

  it('gives every service a health check that is not disabled', () => {
    for (const name of Object.keys(services)) {
      const healthcheck = services[name].healthcheck;
      expect({ name, disabled: healthcheck?.disable ?? false }).toEqual({ name, disabled: false });
      expect({ name, test: healthCommand(name) }).toEqual({ name, test: expect.stringMatching(/^CMD(-SHELL)? \S/) });
    }
    for (const name of [...clusterNodes, 'eventstore']) expect(healthCommand(name)).toContain('/health/live');
    expect(healthCommand('postgres')).toContain('pg_isready');
  });

  it('runs a 3-node EventStoreDB cluster whose gossip seeds name the other two nodes', () => {
    for (const name of clusterNodes) {
      const nodeEnv = env(name);
      expect(services[name].image).toMatch(/^eventstore\/eventstore:\d+\.\d+/);
      expect(services[name].profiles).toBeUndefined();
      expect(nodeEnv).toMatchObject({
        EVENTSTORE_CLUSTER_SIZE: '3',
        EVENTSTORE_DISCOVER_VIA_DNS: 'false',
        EVENTSTORE_INSECURE: 'true',
        EVENTSTORE_RUN_PROJECTIONS: 'None',
        EVENTSTORE_NODE_HOST_ADVERTISE_AS: name,
      });
      const seeds = String(nodeEnv.EVENTSTORE_GOSSIP_SEED).split(',');
      expect(seeds.sort()).toEqual(clusterNodes.filter((other) => other !== name).map((other) => `${other}:2113`));
      expect(services[name].volumes?.length).toBe(1);
    }
    const dataVolumes = clusterNodes.map((name) => String(services[name].volumes![0]).split(':')[0]);
    expect(new Set(dataVolumes).size).toBe(3);
    for (const volume of dataVolumes) expect(Object.keys(compose.volumes ?? {})).toContain(volume);
  });

  it('offers `docker compose up eventstore`: one node on localhost:2113 in the dev profile', () => {
    const dev = services.eventstore;
    expect(dev.profiles).toEqual(['dev']);
    expect(dev.image).toBe(services['esdb-node1'].image);
    expect(env('eventstore')).toMatchObject({ EVENTSTORE_CLUSTER_SIZE: '1', EVENTSTORE_INSECURE: 'true' });
    expect(env('eventstore').EVENTSTORE_GOSSIP_SEED).toBeUndefined();
    expect(publishedPorts('eventstore')).toEqual(['2113:2113']);
    for (const name of clusterNodes) expect(publishedPorts(name)).not.toContain('2113:2113');
  });

  it('keeps PostgreSQL data in a volume', () => {
    expect(services.postgres.image).toMatch(/^postgres:16/);
    expect(services.postgres.volumes).toEqual(['postgres-data:/var/lib/postgresql/data']);
    expect(Object.keys(compose.volumes ?? {})).toContain('postgres-data');
  });

  describe.each([
    ['ledger', 3000],
    ['projector', 3001],
  ])('%s', (name, port) => {
    it('starts only once every EventStoreDB node and PostgreSQL are healthy', () => {
      expect(dependencies(name)).toEqual({
        'esdb-node1': 'service_healthy',
        'esdb-node2': 'service_healthy',
        'esdb-node3': 'service_healthy',
        postgres: 'service_healthy',
      });
    });

    it('connects to all three cluster nodes, each of them a service', () => {
      const serviceEnv = env(name);
      expect(serviceEnv.LEDGER_EVENT_STORE).toBe('esdb');
      const { hosts, params } = parseEsdbConnectionString(String(serviceEnv.ESDB_CONNECTION_STRING));
      expect(hosts.sort()).toEqual(clusterNodes.map((node) => `${node}:2113`));
      for (const host of hosts) expect(services[host.split(':')[0]]).toBeDefined();
      expect(params.get('tls')).toBe('false');
    });

    it('reads models from the postgres service with its credentials and database', () => {
      const serviceEnv = env(name);
      const pg = env('postgres');
      expect(serviceEnv.LEDGER_READ_STORE).toBe('postgres');
      const url = new URL(String(serviceEnv.DATABASE_URL));
      expect(url.protocol).toBe('postgres:');
      expect(url.hostname).toBe('postgres');
      expect(services[url.hostname]).toBeDefined();
      expect(url.port).toBe('5432');
      expect(decodeURIComponent(url.username)).toBe(pg.POSTGRES_USER);
      expect(decodeURIComponent(url.password)).toBe(pg.POSTGRES_PASSWORD);
      expect(url.pathname).toBe(`/${pg.POSTGRES_DB}`);
    });

    it(`listens on ${port} and checks its own /health there`, () => {
      expect(env(name).PORT).toBe(String(port));
      expect(publishedPorts(name)).toEqual([`${port}:${port}`]);
      expect(healthCommand(name)).toContain(`http://localhost:${port}/health`);
      // The node image has no curl: the check must run with node.
      expect(healthCommand(name)).toMatch(/^CMD node /);
    });

    it('is built from the repository Dockerfile', () => {
      expect(services[name].build).toBe('.');
      expect(services[name].image).toBe(services.ledger.image);
    });
  });

  it('has one writer of the read tables: the projector projects, the API only reads and runs the process managers', () => {
    expect(env('ledger')).toMatchObject({ LEDGER_RUN_PROJECTORS: 'false', LEDGER_RUN_PROCESS_MANAGERS: 'true' });
    expect(env('projector')).toMatchObject({ LEDGER_RUN_PROJECTORS: 'true', LEDGER_RUN_PROCESS_MANAGERS: 'false' });
  });

  it('runs the ledger on the image default command and the projector on its own entry point', () => {
    expect(services.ledger.command).toBeUndefined();
    expect(services.projector.command).toEqual(['node', 'dist/apps/projector/src/main.js']);
  });
});

describe('Dockerfile and .dockerignore', () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');

  it('builds on node 20 with npm ci and npm run build, and starts the same entry point as npm start', () => {
    expect(dockerfile).toMatch(/^FROM node:20\S* AS build$/m);
    expect(dockerfile).toMatch(/^RUN npm ci$/m);
    expect(dockerfile).toMatch(/^RUN npm run build\b/m);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const entry = /^node (\S+)$/.exec(pkg.scripts.start)?.[1];
    expect(entry).toBe('dist/apps/ledger/src/main.js');
    expect(dockerfile).toContain(`CMD ["node", "${entry}"]`);
    expect(pkg.scripts['start:projector']).toContain(services.projector.command![1]);
  });

  it('keeps host node_modules, dist and local data out of the build context', () => {
    expect(existsSync(join(root, '.dockerignore'))).toBe(true);
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', 'data', '.git']));
  });
});
