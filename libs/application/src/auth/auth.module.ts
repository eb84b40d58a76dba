import { Global, Module } from '@nestjs/common';
import { LEDGER_CONFIG, LedgerConfig } from '../config/ledger-config';
import { resolveJwtSecret } from './jwt-secret';
import { TokenService } from './token.service';

export const JWT_SECRET_SOURCE = Symbol('JWT_SECRET_SOURCE');

/** Tokens signed with LEDGER_JWT_SECRET, or with the secret kept in (and first generated into) the data dir. */
@Global()
@Module({
  providers: [
    {
      provide: JWT_SECRET_SOURCE,
      inject: [LEDGER_CONFIG],
      useFactory: (config: LedgerConfig) => resolveJwtSecret(config.jwtSecret, config.dataDir),
    },
    {
      provide: TokenService,
      inject: [JWT_SECRET_SOURCE],
      useFactory: ({ secret }: { secret: string }) => new TokenService(secret),
    },
  ],
  exports: [TokenService, JWT_SECRET_SOURCE],
})
export class AuthModule {}
