import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Which subscription's handler the current async context runs in. `close()` waits for a handler
 * in flight to return — unless it is called from inside that very handler (directly or from
 * anything it awaits), where waiting would never end. A flag set around the call could not tell
 * the two apart: a close from elsewhere while the handler runs would then not wait for it.
 */
const scope = new AsyncLocalStorage<object>();

/** Runs a subscription's handler call inside its scope. */
export function runAsHandlerOf<T>(subscription: object, handler: () => Promise<T>): Promise<T> {
  return scope.run(subscription, handler);
}

/** Whether the caller is (inside) a handler call of this subscription. */
export function isInHandlerOf(subscription: object): boolean {
  return scope.getStore() === subscription;
}
