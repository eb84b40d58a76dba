import type { TestLedger } from './test-app';

/** What a refused request answered, however it was sent (supertest, or a raw node:http request). */
export interface RefusalResponse {
  status: number;
  body: any;
  headers: Record<string, unknown>;
}

/** The event log's head: the position of its last event (0 while empty). */
export const logHead = (test: TestLedger): Promise<number> => test.store.headPosition();

/**
 * The team standard for a refusal ("bad input gets a clear error and changes nothing"): sends
 * the request, expects `status` with `code` as problem+json, and expects the log unchanged — its
 * head the same after as before. On a moved head it fails naming the events appended.
 * Returns the response for the checks particular to the refusal (fields, dates named, …).
 *
 * `send` is called once, after the head is read; pass a function (a supertest request is only
 * sent when awaited, but a raw request would be sent as soon as it is built).
 */
export async function expectRefused<R extends RefusalResponse>(test: TestLedger, send: () => PromiseLike<R>, status: number, code: string): Promise<R> {
  const before = await logHead(test);
  const response = await send();
  if (response.status !== status || response.body?.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${response.status} ${JSON.stringify(response.body)}`);
  }
  expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ status, code });
  await expectNothingAppendedSince(test, before);
  return response;
}

/** The log's head is still `before`; otherwise fails naming what was appended after it. */
export async function expectNothingAppendedSince(test: TestLedger, before: number): Promise<void> {
  const after = await logHead(test);
  if (after !== before) {
    const appended = await test.store.readAll({ fromPosition: before });
    const named = appended.map((e) => `${e.position} ${e.streamId} ${e.type}`).join('; ');
    throw new Error(`the log moved from ${before} to ${after} on a refused request: ${named}`);
  }
}

/** Runs `act` and expects it to have appended exactly `count` events to the log. */
export async function expectAppended<T>(test: TestLedger, count: number, act: () => PromiseLike<T>): Promise<T> {
  const before = await logHead(test);
  const result = await act();
  expect((await logHead(test)) - before).toBe(count);
  return result;
}
