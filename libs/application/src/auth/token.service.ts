import { createSecretKey } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { Principal, isRole } from './roles';

export interface IssueTokenOptions extends Principal {
  /** Lifetime, e.g. `8h`, `30m`, `7d` (default 8h). */
  expiresIn?: string;
}

/** Issues and verifies the service's HS256 tokens. */
export class TokenService {
  private readonly jwt: JwtService;

  constructor(secret: string) {
    // A KeyObject made once: given a string, jsonwebtoken first tries (and fails) to read it as a
    // public key on every verify, which cost more than the rest of a request.
    const key = createSecretKey(Buffer.from(secret, 'utf8')) as unknown as string;
    this.jwt = new JwtService({ secret: key, signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } });
  }

  issue({ sub, role, uscc, expiresIn = '8h' }: IssueTokenOptions): string {
    if (role === 'subject' && !uscc) throw new Error('a subject token needs the uscc it speaks for');
    return this.jwt.sign({ sub, role, ...(uscc && { uscc }) }, { expiresIn: expiresIn as never });
  }

  /** The principal of a valid token; throws on a bad signature, expiry or unknown role. */
  verify(token: string): Principal {
    const claims = this.jwt.verify<Record<string, unknown>>(token);
    if (typeof claims.sub !== 'string' || claims.sub === '' || !isRole(claims.role)) {
      throw new Error('token lacks sub or a known role');
    }
    if (claims.role === 'subject' && typeof claims.uscc !== 'string') throw new Error('subject token lacks uscc');
    return { sub: claims.sub, role: claims.role, ...(typeof claims.uscc === 'string' && { uscc: claims.uscc }) };
  }
}
