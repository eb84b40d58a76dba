import { createHash, randomUUID } from 'node:crypto';
import type { CommandContext } from '@app/event-store';
import type { Principal } from '../auth/roles';

/**
 * What every HTTP command carries besides its data: the append context (command id from the
 * Idempotency-Key), the caller, and the stream revision the caller saw (`If-Match`), if any.
 */
export interface CommandMeta {
  context: CommandContext;
  principal: Principal;
  ifMatch?: number;
  /**
   * The command id is a random one made for this request (it came without an Idempotency-Key):
   * no earlier append can carry it, so a retry of it cannot be in the log and is not looked for.
   */
  newCommandId?: boolean;
}

/**
 * An id the client did not give. Derived from the command id, which is derived from the
 * Idempotency-Key when there is one: a retried request names the same resource (and the same
 * stream), so the log-level replay finds its first append. Without a key the command id is random.
 */
export function generatedId(prefix: string, context: CommandContext, scope = ''): string {
  const digest = createHash('sha256').update(`${context.commandId}\u0000${scope}`).digest('hex').slice(0, 24);
  return `${prefix}-${digest}`;
}

/** A system-generated id for commands that have no context yet (not derived from anything). */
export const randomId = (prefix: string): string => `${prefix}-${randomUUID()}`;
