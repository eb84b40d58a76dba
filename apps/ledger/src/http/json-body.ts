import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { ProblemException } from '@app/application';

/** The media types read as JSON (api.md: JSON in and out). */
export const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'];

/** api.md: "Bodies over 1 MiB get 413". */
export const BODY_LIMIT = '1mb';

/**
 * How deep objects and arrays may nest in a request body, the body itself being level 1. No
 * command needs more than a handful of levels; deeper bodies would reach recursive walks (the
 * prototype-key check, class-transformer, the canonical JSON of the request digest) and overflow
 * the stack, a 500 instead of the client's 400.
 */
export const MAX_BODY_DEPTH = 32;

/** A field path as the validation problems name them: `a.b[0].c`; long ones are cut. */
const MAX_PATH_LENGTH = 200;

interface Level {
  value: object;
  depth: number;
  parent?: Level;
  key?: string;
}

function pathOf(level: Level): string {
  const keys: Array<{ key: string; inArray: boolean }> = [];
  for (let at: Level | undefined = level; at?.parent; at = at.parent) keys.push({ key: at.key!, inArray: Array.isArray(at.parent.value) });
  let path = '';
  for (const { key, inArray } of keys.reverse()) {
    path = inArray ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (path.length > MAX_PATH_LENGTH) return `${path.slice(0, MAX_PATH_LENGTH)}…`;
  }
  return path;
}

/**
 * The path of the first object or array in `body` nested deeper than `limit` levels, if any.
 * Iterative (an explicit stack), so any depth JSON.parse accepts is measured without recursion.
 */
export function tooDeeplyNested(body: unknown, limit = MAX_BODY_DEPTH): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const stack: Level[] = [{ value: body, depth: 1 }];
  while (stack.length > 0) {
    const level = stack.pop()!;
    for (const key of Object.keys(level.value)) {
      const child: unknown = (level.value as Record<string, unknown>)[key];
      if (child === null || typeof child !== 'object') continue;
      const next: Level = { value: child, depth: level.depth + 1, parent: level, key };
      if (next.depth > limit) return pathOf(next);
      stack.push(next);
    }
  }
  return undefined;
}

/** Right after JSON parsing, before anything walks the body: too deep a body is the client's 400. */
function refuseDeepBodies(request: Request, _response: Response, next: NextFunction): void {
  const field = tooDeeplyNested(request.body);
  if (field === undefined) return next();
  const message = `nested deeper than ${MAX_BODY_DEPTH} levels of objects and arrays`;
  next(new ProblemException(400, 'VALIDATION_FAILED', `${field}: ${message}`, { errors: [{ field, message }] }));
}

/**
 * How every request body is read, on every route (commands, queries, public ones, and unknown
 * paths alike): JSON up to 1 MiB, nested at most MAX_BODY_DEPTH levels. Called once, before
 * any other middleware, so errors here reach the problem filter before any guard or handler runs.
 */
export function useJsonBodies(app: NestExpressApplication): void {
  app.useBodyParser('json', { limit: BODY_LIMIT, type: JSON_MEDIA_TYPES });
  app.use(refuseDeepBodies);
}
