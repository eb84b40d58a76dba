import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { JWT_SECRET_SOURCE, LEDGER_CONFIG, LedgerConfig, ResolvedSecret, ROLES, TokenService } from '@app/application';
import { createLedgerApp } from './ledger-app';

async function bootstrap(): Promise<void> {
  const app = await createLedgerApp();
  const config = app.get<LedgerConfig>(LEDGER_CONFIG);
  const logger = new Logger('Ledger');
  const secret = app.get<ResolvedSecret>(JWT_SECRET_SOURCE);
  if (secret.source === 'generated') {
    // First start without LEDGER_JWT_SECRET: say where the secret went and hand out tokens to try the API with.
    const tokens = app.get(TokenService);
    const lines = ROLES.filter((role) => role !== 'subject').map(
      (role) => `  ${role.padEnd(13)} ${tokens.issue({ sub: `demo-${role}`, role, expiresIn: '24h' })}`,
    );
    logger.log(
      [
        `LEDGER_JWT_SECRET is not set: generated one into ${secret.file}.`,
        'Tokens valid for 24 hours (more with: npm run ledger -- token --role <role> --sub <name> [--uscc <uscc>]):',
        ...lines,
      ].join('\n'),
    );
  }
  await app.listen(config.port);
  logger.log(`listening on http://localhost:${config.port} (OpenAPI at /docs), event store: ${config.eventStore}, read store: ${config.readStore}, data: ${config.dataDir}`);
}

void bootstrap();
