import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { LedgerConfig, ProcessManagers, ProjectionPositionMiddleware, ProjectionStatusService } from '@app/application';
import type { Clock } from '@app/event-store';
import type { NextFunction, Request, Response } from 'express';
import { useJsonBodies } from './http/json-body';
import { LedgerAppModule } from './ledger-app.module';

/**
 * Builds the HTTP app exactly as production runs it (body limit, OpenAPI, shutdown hooks);
 * the e2e tests call this too, with a temp data dir in `overrides`.
 */
export async function createLedgerApp(
  overrides: Partial<LedgerConfig> = {},
  options: { logger?: false; clock?: Clock } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(LedgerAppModule.forRoot(overrides, options.clock), {
    bodyParser: false,
    ...(options.logger === false && { logger: false }),
  });
  useJsonBodies(app);
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Government-integrity credit ledger (政务诚信)')
      .setDescription('Event-sourced credit ledger: commands append immutable events; queries read projections. See docs/api.md.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  // The OpenAPI routes are Express's, outside Nest's middleware: they get X-Projection-Position
  // like every other GET (api.md).
  // The same middleware; the documentation does not depend on the position, so if it cannot be
  // read the page is served without it (the error is dropped, not handed to Express).
  const position = new ProjectionPositionMiddleware(app.get(ProjectionStatusService));
  app.use(['/docs', '/docs-json'], (request: Request, response: Response, next: NextFunction) => void position.use(request, response, () => next()));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  await app.init();
  await app.get(ProcessManagers).start();
  return app;
}
