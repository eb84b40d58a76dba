import type { Response } from 'express';

/**
 * Output held back before the first byte is sent. The extract's first pages are read within it,
 * so a read store that fails at once still gets a problem response instead of a 200 that looks
 * like an empty list.
 */
export const HOLD_BACK_BYTES = 64 * 1024;

/** Resolves true once the socket drains, false if the response closes first (the client left). */
function drained(response: Response): Promise<boolean> {
  return new Promise((resolve) => {
    const settle = (ok: boolean) => () => {
      response.off('drain', onDrain);
      response.off('close', onClose);
      resolve(ok);
    };
    const onDrain = settle(true);
    const onClose = settle(false);
    response.on('drain', onDrain);
    response.on('close', onClose);
  });
}

/**
 * Streams text chunks to the client with constant memory (waiting for the socket to drain).
 *
 * - `begin` sets the status and headers; it runs just before the first write. An error before
 *   then (within the first HOLD_BACK_BYTES) is thrown, and the exception filter answers with a
 *   problem response.
 * - An error after the first write cannot change the status any more: the response is destroyed,
 *   so the client sees a transfer cut short (no terminating chunk) and never a complete-looking
 *   200. `onLateError` hears of it.
 * - A client that goes away stops the source (its `return` runs: cursors and pages are released)
 *   instead of leaving the handler waiting for a `drain` that never comes.
 */
export async function streamChunks(
  response: Response,
  chunks: AsyncIterable<string>,
  begin: () => void,
  onLateError: (error: unknown) => void = () => undefined,
): Promise<void> {
  const held: string[] = [];
  let heldBytes = 0;
  let started = false;
  const iterator = chunks[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      if (!started) {
        held.push(next.value);
        heldBytes += Buffer.byteLength(next.value);
        if (heldBytes < HOLD_BACK_BYTES) continue;
        started = true;
        begin();
        if (!response.write(held.splice(0).join('')) && !(await drained(response))) return void (await iterator.return?.());
        continue;
      }
      if (response.destroyed) return void (await iterator.return?.());
      if (!response.write(next.value) && !(await drained(response))) return void (await iterator.return?.());
    }
  } catch (error) {
    if (!started) throw error;
    onLateError(error);
    response.destroy(error instanceof Error ? error : new Error(String(error)));
    return;
  }
  if (!started) {
    begin();
    response.end(held.join(''));
  } else response.end();
}
