import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson, CommandContext } from '@app/event-store';
import type { Principal } from '@app/application';

/** Whether a request's command id derives from its Idempotency-Key; without one it is random. */
export const hasIdempotencyKey = (idempotencyKey: string | undefined): idempotencyKey is string => Boolean(idempotencyKey?.trim());

/**
 * The append context of a request. With an Idempotency-Key the command id is derived from it
 * (scoped to the caller and the operation), so a retry derives the same event ids; the request's
 * digest goes into the metadata so a reuse with another body is refused. Without a key every
 * request is a new command.
 */
export function commandContext(
  principal: Principal,
  idempotencyKey: string | undefined,
  operation: string,
  request: unknown,
): CommandContext {
  const key = idempotencyKey?.trim();
  return {
    // Hashed over an unambiguous encoding: sub and key may both contain ':'.
    commandId: hasIdempotencyKey(key) ? `${operation}:${createHash('sha256').update(JSON.stringify([principal.sub, key])).digest('hex').slice(0, 32)}` : randomUUID(),
    actor: { sub: principal.sub, role: principal.role },
    requestDigest: createHash('sha256').update(canonicalJson(request ?? null)).digest('hex'),
  };
}
