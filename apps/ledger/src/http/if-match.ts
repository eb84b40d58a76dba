import { ProblemException } from '@app/application';
import { WEAK_ETAG_REVISION } from '@app/application/http/if-match';

/**
 * The revision in an `If-Match` header (api.md "Concurrency": `If-Match: "<revision>"`, as the
 * ETag of GET /v1/records/{id} and /v1/commitments/{id}). `*` and no header mean no check. A weak
 * tag (`W/"5"`) never matches under If-Match's strong comparison: WEAK_ETAG_REVISION, a 412.
 */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined || header === '*') return undefined;
  const match = typeof header === 'string' ? /^\s*(W\/)?"?(\d{1,15})"?\s*$/.exec(header) : null;
  if (!match) {
    throw new ProblemException(400, 'VALIDATION_FAILED', 'If-Match must be a stream revision as sent in the ETag, e.g. "3"', {
      errors: [{ field: 'If-Match', message: 'must be "<revision>"' }],
    });
  }
  return match[1] ? WEAK_ETAG_REVISION : Number(match[2]);
}
