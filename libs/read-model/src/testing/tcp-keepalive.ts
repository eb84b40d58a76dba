import { execFileSync } from 'node:child_process';

/** Whether `ss` (iproute2) is there to look at sockets' timers. */
export function canInspectSockets(): boolean {
  try {
    execFileSync('ss', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** `29sec`, `119min`, `1min59sec`, `950ms` (ss's timer notation) in seconds. */
function seconds(text: string): number {
  const units: Record<string, number> = { ms: 0.001, sec: 1, min: 60, h: 3600 };
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|sec|min|h)/g)) total += Number(amount) * units[unit];
  return total;
}

/**
 * The keepalive timers (seconds left before the next probe) of both ends of the local TCP
 * connection between the database at `serverPort` and a client at `clientPort`, as `ss -o` shows
 * them; undefined for an end with no keepalive timer. Waits (up to two seconds) for both ends to
 * be idle, since a socket with data in flight shows its retransmission timer instead.
 */
export async function keepaliveTimers(serverPort: number, clientPort: number): Promise<{ server?: number; client?: number }> {
  let timers: { server?: number; client?: number } = {};
  for (let attempt = 0; attempt < 40; attempt++) {
    const out = execFileSync('ss', ['-tnoH', 'state', 'established', `( sport = :${clientPort} or dport = :${clientPort} )`]).toString();
    timers = {};
    let busy = false;
    for (const line of out.split('\n').filter(Boolean)) {
      const [, , local, peer] = line.trim().split(/\s+/);
      const end = local.endsWith(`:${serverPort}`) && peer.endsWith(`:${clientPort}`) ? 'server' : local.endsWith(`:${clientPort}`) ? 'client' : undefined;
      if (!end) continue;
      const keepalive = /timer:\(keepalive,([^,]+),/.exec(line);
      if (keepalive) timers[end] = seconds(keepalive[1]);
      else if (/timer:\(on,/.test(line)) busy = true;
    }
    if (!busy) return timers;
    await new Promise((r) => setTimeout(r, 50));
  }
  return timers;
}
