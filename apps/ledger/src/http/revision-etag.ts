import type { Request, Response } from 'express';

/** What GET /v1/records/{id} and /v1/commitments/{id} send besides their ETag: stored copies are revalidated every time. */
export const REVISION_ETAG_CACHE_CONTROL = 'private, no-cache';

/**
 * `ETag: "<stream revision>"` for GET /v1/records/{id} and /v1/commitments/{id} (api.md
 * "Concurrency"): the validator a client sends back in `If-Match` on the resource's POSTs.
 *
 * It is not a validator of the body. The view carries fields computed for today's business date
 * (a commitment's status OPEN/AMENDED → OVERDUE after its due date, a record's
 * `publication.inPublication`, `listing`, a ban's `status`), which change from one day to the next
 * at the same revision. Express answers `If-None-Match: "<revision>"` on its own with 304 Not
 * Modified whenever an ETag is set, and a caching client then kept yesterday's status (an OPEN
 * commitment that had become OVERDUE). The revision-only tag cannot say which day a client's copy
 * was computed for, so these responses never answer 304: `If-None-Match` is not evaluated and the
 * current body is sent with 200, which any cache takes as a replacement of its copy. No `Vary`
 * could name the business date, so `Cache-Control: private, no-cache` tells caches to revalidate
 * every use (and shared caches not to store bodies read under a token).
 */
export function setRevisionETag(request: Request, response: Response, revision: number): void {
  response.setHeader('ETag', `"${revision}"`);
  response.setHeader('Cache-Control', REVISION_ETAG_CACHE_CONTROL);
  // Express's res.send turns the 200 into a bodiless 304 when `req.fresh` (If-None-Match matching the
  // ETag set above); for these resources the request is never fresh.
  Object.defineProperty(request, 'fresh', { value: false, configurable: true });
}
