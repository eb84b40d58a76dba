import { createSecretKey } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { Principal, isRole } from './roles';

export interface IssueTokenOptions extends Principal {
  /** Lifetime, e.g. `8h`, `30m`, `7d` (default 8h). */
  expiresIn?: string;
}

/** How many verified tokens are remembered (clients reuse one token for many requests). */
const VERIFIED_CACHE_SIZE = 1000;

interface Verified {
  principal: Principal;
  /** `exp` and `nbf` of the token in seconds, checked again on every use. */
  exp: number;
  nbf?: number;
}

/** Issues and verifies the service's HS256 tokens. */
export class TokenService {
  private readonly jwt: JwtService;
  /**
   * Tokens whose signature and claims were verified, by the whole token text (header, claims and
   * signature): the same text under the same secret always verifies the same way, so only the
   * time-bound claims need checking again. Expired or not-yet-valid ones go through the full
   * verification, which also gives the error.
   */
  private readonly verified = new Map<string, Verified>();

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

  /** The principal of a valid token; throws on a bad signature, a missing or past exp, or an unknown role. */
  verify(token: string): Principal {
    const known = this.verified.get(token);
    if (known) {
      // As jsonwebtoken judges them: expired once exp <= now, valid from nbf <= now (seconds).
      const now = Math.floor(Date.now() / 1000);
      if (now < known.exp && (known.nbf === undefined || known.nbf <= now)) return known.principal;
      this.verified.delete(token);
    }
    return this.verifyFully(token);
  }

  private verifyFully(token: string): Principal {
    const claims = this.jwt.verify<Record<string, unknown>>(token);
    // jsonwebtoken checks exp only when there is one: a token without it would never expire (api.md: expired → 401).
    if (typeof claims.exp !== 'number') throw new Error('token has no expiry (exp claim): tokens must expire');
    if (typeof claims.sub !== 'string' || claims.sub === '' || !isRole(claims.role)) {
      throw new Error('token lacks sub or a known role');
    }
    if (claims.role === 'subject' && typeof claims.uscc !== 'string') throw new Error('subject token lacks uscc');
    // Frozen: one object answers every request that carries this token.
    const principal: Principal = Object.freeze({ sub: claims.sub, role: claims.role, ...(typeof claims.uscc === 'string' && { uscc: claims.uscc }) });
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, {
      principal,
      exp: claims.exp,
      ...(typeof claims.nbf === 'number' && { nbf: claims.nbf }),
    });
    return principal;
  }
}
