import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { canInspectSockets, keepaliveTimers } from '../testing/tcp-keepalive';
import { PostgresAdvisoryLocks } from './projector-locks';

const url = process.env.DATABASE_URL;
const itPg = url ? it : it.skip;
const itPgSockets = url && canInspectSockets() ? it : it.skip;

/**
 * A standby takes over a projector only once the server has ended the holder's session. If the
 * holder's host dies, only TCP keepalives end it; the server's default (tcp_keepalives_idle 7200 s)
 * made that some two hours. A host crash cannot be staged here: these look at the settings of the
 * session that holds the lock, and at its socket.
 */
describe('PostgresAdvisoryLocks: the lock session has keepalives', () => {
  let locks: PostgresAdvisoryLocks;
  let probe: Client;
  const namespace = `keepalive_${randomBytes(4).toString('hex')}`;

  beforeEach(async () => {
    locks = new PostgresAdvisoryLocks(url!, namespace);
    probe = new Client({ connectionString: url });
    await probe.connect();
  });
  afterEach(async () => {
    await locks.close();
    await probe.end();
  });

  /** The backend (pid, client port) that holds the projector's advisory lock, seen from another session. */
  async function holder(projector: string): Promise<{ pid: number; port: number }> {
    const { rows } = await probe.query<{ pid: number; port: number }>(
      `SELECT l.pid, a.client_port AS port FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
          AND l.classid = hashtext('ledger-projector')::oid AND l.objid = hashtext($1)::oid`,
      [`${namespace}:${projector}`],
    );
    expect(rows).toHaveLength(1);
    return rows[0];
  }

  if (!url) it.todo('runs with DATABASE_URL (PostgreSQL)');

  itPg('the session holding the lock probes after 30 s of silence, every 10 s, gives up after 3 probes, and bounds unacknowledged data to a minute', async () => {
    const lease = await locks.tryAcquire('p');
    expect(lease).toBeDefined();
    const held = await holder('p');
    // Through the lock's own connection (the only way to read another session's settings).
    const session = (locks as unknown as { client: Client }).client;
    const { rows } = await session.query<{ pid: number; settings: Record<string, string> }>(
      `SELECT pg_backend_pid() AS pid,
              (SELECT json_object_agg(name, setting) FROM pg_settings
                WHERE name IN ('tcp_keepalives_idle', 'tcp_keepalives_interval', 'tcp_keepalives_count', 'tcp_user_timeout')) AS settings`,
    );
    expect(rows[0].pid).toBe(held.pid);
    expect(rows[0].settings).toEqual({ tcp_keepalives_idle: '30', tcp_keepalives_interval: '10', tcp_keepalives_count: '3', tcp_user_timeout: '60000' });
    await lease!.release();
  });

  itPgSockets("both ends of the lock session's socket have a keepalive timer of at most 30 s (the server's default is 2 h)", async () => {
    const lease = await locks.tryAcquire('p');
    const held = await holder('p');
    const timers = await keepaliveTimers(Number(new URL(url!).port || 5432), held.port);
    expect(timers.server).toBeDefined();
    expect(timers.server!).toBeLessThanOrEqual(30);
    expect(timers.client).toBeDefined();
    expect(timers.client!).toBeLessThanOrEqual(30);
    await lease!.release();
  });

  itPg('a lock taken after the session is set up is still exclusive, and a new session after a drop is set up again', async () => {
    const lease = await locks.tryAcquire('p');
    const other = new PostgresAdvisoryLocks(url!, namespace);
    try {
      expect(await other.tryAcquire('p')).toBeUndefined();
      const { pid } = await holder('p');
      await probe.query('SELECT pg_terminate_backend($1)', [pid]);
      await lease!.lost;
      const again = await locks.tryAcquire('q');
      expect(again).toBeDefined();
      const session = (locks as unknown as { client: Client }).client;
      expect((await session.query('SHOW tcp_keepalives_idle')).rows[0].tcp_keepalives_idle).toBe('30');
    } finally {
      await other.close();
    }
  });
});
