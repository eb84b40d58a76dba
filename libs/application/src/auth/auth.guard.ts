import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException } from '../http/problem';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import type { Role } from './roles';
import { TokenService } from './token.service';

/** `Authorization: Bearer <token>` (RFC 6750 §2.1): the token, as the guard reads it and the 401's challenge names it. */
export const BEARER_CREDENTIALS = /^Bearer\s+(\S+)$/i;

/**
 * Registered as APP_GUARD: every route needs a valid bearer token and one of its @Roles,
 * unless it is @Public. Deny by default: a route without @Roles admits nobody.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest();
    const header: unknown = request.headers?.authorization;
    const match = typeof header === 'string' ? BEARER_CREDENTIALS.exec(header) : null;
    if (!match) throw new ProblemException(401, 'UNAUTHENTICATED', 'a bearer token is required');
    try {
      request.principal = this.tokens.verify(match[1]);
    } catch (error) {
      throw new ProblemException(401, 'UNAUTHENTICATED', `the token is not valid: ${(error as Error).message}`);
    }
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [];
    if (!roles.includes(request.principal.role)) {
      throw new ProblemException(403, 'FORBIDDEN', `role ${request.principal.role} may not do this`);
    }
    return true;
  }
}
