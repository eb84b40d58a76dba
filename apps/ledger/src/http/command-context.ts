import { randomUUID } from 'node:crypto';
import type { CommandContext } from '@app/event-store';
import type { Principal } from '@app/application';

/**
 * The append context of a request: the Idempotency-Key is the command id (so a retry derives
 * the same event ids); without one every request is a new command.
 */
export function commandContext(principal: Principal, idempotencyKey: string | undefined, scope: string): CommandContext {
  const key = idempotencyKey?.trim();
  return {
    commandId: key ? `${scope}:${principal.sub}:${key}` : randomUUID(),
    actor: { sub: principal.sub, role: principal.role },
  };
}
