import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { CommandMeta, Principal } from '@app/application';
import type { Request } from 'express';
import { commandContext, hasIdempotencyKey } from './command-context';
import { parseIfMatch } from './if-match';

/**
 * The CommandMeta of a command request: the caller, the append context (command id from the
 * Idempotency-Key, scoped to the operation; digest over the path parameters and the body as
 * sent) and the `If-Match` revision. `@Meta('file-objection') meta: CommandMeta`.
 */
export const Meta = createParamDecorator((operation: string, context: ExecutionContext): CommandMeta => {
  const request = context.switchToHttp().getRequest<Request & { principal: Principal }>();
  const key = request.headers['idempotency-key'];
  const ifMatch = parseIfMatch(request.headers['if-match']);
  const idempotencyKey = typeof key === 'string' ? key : undefined;
  return {
    principal: request.principal,
    context: commandContext(request.principal, idempotencyKey, operation, {
      params: request.params ?? {},
      body: request.body ?? null,
    }),
    ...(ifMatch !== undefined && { ifMatch }),
    // Without a key commandContext makes a random command id: nothing in the log can carry it.
    ...(!hasIdempotencyKey(idempotencyKey) && { newCommandId: true }),
  };
});
