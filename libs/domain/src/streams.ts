/**
 * Stream names, one per consistency boundary (domain.md §6). The award ban lives in its record's
 * stream, so a banId is the recordId with a fixed prefix: `/v1/award-bans/{banId}` finds
 * `record-{recordId}` without a lookup table.
 */
export const streamNames = {
  institution: (uscc: string) => `institution-${uscc}`,
  commitment: (commitmentId: string) => `commitment-${commitmentId}`,
  record: (recordId: string) => `record-${recordId}`,
  exemplar: (exemplarId: string) => `exemplar-${exemplarId}`,
  check: (checkId: string) => `check-${checkId}`,
} as const;

export type StreamCategory = keyof typeof streamNames;

/** Splits `record-abc` into its category and id; undefined for names this domain does not own. */
export function parseStreamName(streamId: string): { category: StreamCategory; id: string } | undefined {
  const dash = streamId.indexOf('-');
  if (dash <= 0) return undefined;
  const category = streamId.slice(0, dash);
  const id = streamId.slice(dash + 1);
  if (!(category in streamNames) || id === '') return undefined;
  return { category: category as StreamCategory, id };
}

const BAN_PREFIX = 'ban-';

export const banIdForRecord = (recordId: string): string => `${BAN_PREFIX}${recordId}`;

export function recordIdFromBanId(banId: string): string | undefined {
  return banId.startsWith(BAN_PREFIX) && banId.length > BAN_PREFIX.length ? banId.slice(BAN_PREFIX.length) : undefined;
}
