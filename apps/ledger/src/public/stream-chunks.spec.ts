import type { Response } from 'express';
import { createServer, get, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HOLD_BACK_BYTES, streamChunks } from './stream-chunks';

/** A real HTTP server (node:http; streamChunks uses only what Express's Response has of it) streaming `source()`. */
async function serve(source: () => AsyncIterable<string>) {
  const outcome: { handler?: Promise<'resolved' | 'rejected'>; lateErrors: unknown[] } = { lateErrors: [] };
  const server: Server = createServer((_request, response: ServerResponse) => {
    const send = (status: number, type: string, body?: string) => {
      response.statusCode = status;
      response.setHeader('Content-Type', type);
      if (body !== undefined) response.end(body);
    };
    outcome.handler = streamChunks(
      response as unknown as Response,
      source(),
      () => send(200, 'text/csv'),
      (error) => outcome.lateErrors.push(error),
    ).then(
      () => 'resolved' as const,
      () => {
        // What the exception filter does when nothing was sent yet.
        send(503, 'application/problem+json', '{"code":"UNAVAILABLE"}');
        return 'rejected' as const;
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/export`;
  return { url, outcome, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The whole response as the client saw it: status, type, body, and whether it ended cleanly. */
function fetchAll(url: string): Promise<{ status: number; type: string; body: string; complete: boolean }> {
  return new Promise((resolve, reject) => {
    get(url, (response: IncomingMessage) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      const finish = () => resolve({ status: response.statusCode!, type: String(response.headers['content-type']), body, complete: response.complete });
      response.on('end', finish);
      response.on('error', finish);
      response.on('aborted', finish);
    }).on('error', reject);
  });
}

const line = 'x'.repeat(1023) + '\n';

describe('streamChunks (the public export on a real HTTP server)', () => {
  it('sends a short extract whole, with the headers begin() sets', async () => {
    const server = await serve(async function* () {
      yield 'uscc,name\n';
      yield 'A,B\n';
    });
    try {
      expect(await fetchAll(server.url)).toEqual({ status: 200, type: expect.stringMatching(/^text\/csv/), body: 'uscc,name\nA,B\n', complete: true });
      expect(await server.outcome.handler).toBe('resolved');
    } finally {
      await server.close();
    }
  });

  it('lets a source that fails within the first bytes become a problem response, with no CSV sent', async () => {
    const server = await serve(async function* () {
      yield 'uscc,name\n';
      throw new Error('read store gone');
    });
    try {
      const response = await fetchAll(server.url);
      expect(response).toMatchObject({ status: 503, type: expect.stringMatching(/^application\/problem\+json/), complete: true });
      expect(response.body).not.toContain('uscc');
      expect(await server.outcome.handler).toBe('rejected');
    } finally {
      await server.close();
    }
  });

  it('cuts the transfer short when the source fails after the first bytes: never a complete-looking 200', async () => {
    const server = await serve(async function* () {
      for (let i = 0; i < (2 * HOLD_BACK_BYTES) / line.length; i += 1) yield line;
      throw new Error('connection lost on page 3');
    });
    try {
      const response = await fetchAll(server.url);
      expect(response.status).toBe(200);
      expect(response.body.length).toBeGreaterThanOrEqual(HOLD_BACK_BYTES);
      expect(response.complete).toBe(false);
      expect(await server.outcome.handler).toBe('resolved');
      expect(server.outcome.lateErrors).toEqual([expect.objectContaining({ message: 'connection lost on page 3' })]);
    } finally {
      await server.close();
    }
  });

  it('stops the source when the client goes away mid-download, instead of waiting for a drain forever', async () => {
    let released!: () => void;
    const sourceReleased = new Promise<void>((resolve) => (released = resolve));
    let produced = 0;
    const server = await serve(async function* () {
      try {
        // Endless: only the client leaving can stop it.
        for (;;) {
          produced += 1;
          yield line.repeat(64);
        }
      } finally {
        released();
      }
    });
    try {
      await new Promise<void>((resolve, reject) => {
        const request = get(server.url, (response) => {
          response.once('data', () => {
            // Read nothing more: the server's socket fills up, then the client leaves.
            response.pause();
            setTimeout(() => {
              request.destroy();
              resolve();
            }, 200);
          });
        });
        request.on('error', () => undefined);
        request.on('close', () => resolve());
        setTimeout(() => reject(new Error('no data')), 5000).unref();
      });
      await sourceReleased;
      expect(await server.outcome.handler).toBe('resolved');
      expect(produced).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});
