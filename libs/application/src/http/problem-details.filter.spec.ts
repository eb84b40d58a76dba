import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ArgumentsHost } from '@nestjs/common';
import { DomainError } from '@app/domain';
import express from 'express';
import { ProblemDetailsFilter } from './problem-details.filter';
import { problem } from './problem';

describe('problem details: a rule detail never replaces a standard member', () => {
  it('keeps type, title, status, code and detail, and moves a clashing detail to <name>Detail', () => {
    const body = problem(422, 'AWARD_BAN_NOT_ACTIVE', 'the ban has ended', { status: 'EXPIRED', code: 'x', detail: 'y', endedOn: '2026-01-01' });
    expect(body).toMatchObject({ status: 422, code: 'AWARD_BAN_NOT_ACTIVE', detail: 'the ban has ended', title: 'Unprocessable Content' });
    expect(body).toMatchObject({ statusDetail: 'EXPIRED', codeDetail: 'x', detailDetail: 'y', endedOn: '2026-01-01' });
  });

  describe('through the filter on a real HTTP server', () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      const app = express();
      const filter = new ProblemDetailsFilter();
      app.get('/refuse', (_req, res) => {
        const host = { switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost;
        filter.catch(new DomainError('AWARD_BAN_NOT_ACTIVE', 'the ban has ended', { status: 'EXPIRED' } as never), host);
      });
      server = createServer(app);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('a domain refusal whose details carry `status` is still its 422, not a 500', async () => {
      const response = await fetch(`${base}/refuse`);
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toMatchObject({ status: 422, code: 'AWARD_BAN_NOT_ACTIVE', statusDetail: 'EXPIRED' });
    });
  });
});
