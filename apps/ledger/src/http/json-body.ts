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
 * Visits every member and element under `body` (each with its level: depth, key, parent) until
 * `visit` answers. Iterative (an explicit stack), so any depth JSON.parse accepts is walked
 * without recursion; an object or array is walked into after `visit` has seen it.
 */
function firstAnswer<T>(body: object, visit: (at: Level, value: unknown) => T | undefined): T | undefined {
  const stack: Level[] = [{ value: body, depth: 1 }];
  while (stack.length > 0) {
    const level = stack.pop()!;
    for (const key of Object.keys(level.value)) {
      const child: unknown = (level.value as Record<string, unknown>)[key];
      const at: Level = { value: child as object, depth: level.depth + 1, parent: level, key };
      const answer = visit(at, child);
      if (answer !== undefined) return answer;
      if (child !== null && typeof child === 'object') stack.push(at);
    }
  }
  return undefined;
}

const isContainer = (value: unknown): value is object => value !== null && typeof value === 'object';

/** The path of the first object or array in `body` nested deeper than `limit` levels, if any. */
export function tooDeeplyNested(body: unknown, limit = MAX_BODY_DEPTH): string | undefined {
  if (!isContainer(body)) return undefined;
  return firstAnswer(body, (at, value) => (isContainer(value) && at.depth > limit ? pathOf(at) : undefined));
}

/** A UTF-16 code unit of a surrogate pair without its other half: not a character, not valid I-JSON (RFC 7493 §2.1). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** C0 controls but tab, line feed and carriage return, DEL and the C1 controls: no text of the ledger holds them (NUL would pass a "non-empty" check). */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

function textProblem(text: string): string | undefined {
  if (LONE_SURROGATE.test(text)) return 'holds a lone surrogate (\\uD800–\\uDFFF without its pair): not a Unicode character';
  if (CONTROL_CHARACTER.test(text)) return 'holds a control character (U+0000–U+001F other than tab and line breaks, or U+007F–U+009F)';
  return undefined;
}

/**
 * The first string of `body` (value or key) that is not text the ledger can keep: a lone
 * surrogate (the log hashes canonical JSON, RFC 8785, over I-JSON) or a control character.
 * Run after the depth check.
 */
export function badText(body: unknown): { field: string; message: string } | undefined {
  if (typeof body === 'string') {
    const message = textProblem(body);
    return message ? { field: 'body', message } : undefined;
  }
  if (!isContainer(body)) return undefined;
  return firstAnswer(body, (at, value) => {
    const keyMessage = textProblem(at.key!);
    if (keyMessage) return { field: pathOf(at), message: `its name ${keyMessage}` };
    const message = typeof value === 'string' ? textProblem(value) : undefined;
    return message ? { field: pathOf(at), message } : undefined;
  });
}

/** The bytes of a UTF-8 body must be UTF-8: the parser would otherwise put U+FFFD in their place and store that. */
function verifyUtf8(_request: Request, _response: Response, body: Buffer, encoding: string): void {
  if (encoding.toLowerCase() !== 'utf-8' && encoding.toLowerCase() !== 'utf8') return;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw Object.assign(new Error('the request body is not valid UTF-8'), { type: 'entity.utf8.invalid' });
  }
}

/** The methods whose body the API reads; a body on a GET or HEAD has no meaning and is left alone. */
const METHODS_WITH_CONTENT = new Set(['POST', 'PUT', 'PATCH']);

/** Whether a request carries body bytes: a positive Content-Length, or a body of unknown length (chunked). */
function carriesBody(request: Request): boolean {
  const length = request.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return request.headers['transfer-encoding'] !== undefined;
}

/**
 * A body sent as anything but JSON is refused (415) instead of being read as no body at all, which
 * answered as if every field were missing. The body parser itself refuses JSON in a charset other
 * than UTF-* (also a 415, mapped by the problem filter). A POST without a body (Content-Length 0,
 * or none) needs no Content-Type: the deadline sweep takes `{}` or nothing.
 */
function refuseOtherMediaTypes(request: Request, response: Response, next: NextFunction): void {
  if (!METHODS_WITH_CONTENT.has(request.method) || !carriesBody(request) || request.is(JSON_MEDIA_TYPES)) return next();
  const sent = request.headers['content-type'];
  const got = sent ? `Content-Type "${sent.length > 100 ? `${sent.slice(0, 100)}…` : sent}"` : 'no Content-Type';
  // RFC 9110 §15.5.16 lets a 415 say what would do; Accept-Post is the field for a POST's media types.
  response.setHeader('Accept-Post', 'application/json');
  next(
    new ProblemException(415, 'UNSUPPORTED_MEDIA_TYPE', `the request body must be JSON, sent with Content-Type: application/json (got ${got})`, {
      expected: 'application/json',
    }),
  );
}

/** Right after JSON parsing, before anything walks the body: too deep a body is the client's 400. */
function refuseDeepBodies(request: Request, _response: Response, next: NextFunction): void {
  const field = tooDeeplyNested(request.body);
  if (field !== undefined) {
    const message = `nested deeper than ${MAX_BODY_DEPTH} levels of objects and arrays`;
    return next(new ProblemException(400, 'VALIDATION_FAILED', `${field}: ${message}`, { errors: [{ field, message }] }));
  }
  const text = badText(request.body);
  if (text === undefined) return next();
  next(new ProblemException(400, 'VALIDATION_FAILED', `${text.field}: ${text.message}`, { errors: [text] }));
}

/**
 * How every request body is read, on every route (commands, queries, public ones, and unknown
 * paths alike): JSON only (415 otherwise), up to 1 MiB, valid UTF-8, nested at most MAX_BODY_DEPTH
 * levels, and text only in its strings (no lone surrogates, no control characters but tab and line breaks).
 * Called once, before any other middleware, so errors here reach the problem filter before any
 * guard or handler runs.
 */
export function useJsonBodies(app: NestExpressApplication): void {
  app.use(refuseOtherMediaTypes);
  app.useBodyParser('json', { limit: BODY_LIMIT, type: JSON_MEDIA_TYPES, verify: verifyUtf8 });
  app.use(refuseDeepBodies);
}
