import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { LEDGER_CONFIG, LedgerConfig } from '@app/application';
import { ProjectorAppModule } from './projector-app.module';

/** The projector process: PORT defaults to 3001 so it can run beside the API on one host. */
async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(ProjectorAppModule.forRoot({ port: Number(process.env.PORT ?? 3001) }));
  app.enableShutdownHooks();
  const config = app.get<LedgerConfig>(LEDGER_CONFIG);
  await app.listen(config.port);
  new Logger('Projector').log(`projecting into ${config.readStore}; health on http://localhost:${config.port}/health`);
}

void bootstrap();
