/**
 * The If-Match revision a weak entity tag (`W/"5"`) stands for. If-Match compares entity tags
 * strongly (RFC 9110 §13.1.1, §8.8.3.2): a weak tag never matches, whatever revision it names. As
 * no stream has this revision, the command is refused exactly like a stale one (412
 * PRECONDITION_FAILED with currentRevision; a missing resource still 404), and the problem filter
 * says why in the detail.
 */
export const WEAK_ETAG_REVISION = -1;
