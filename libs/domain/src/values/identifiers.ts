/** Opaque official id (domain.md §2): no national ID numbers are stored. */
const PERSON_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** GB/T 2260 administrative region code, e.g. 370100 Jinan. */
const REGION_CODE = /^\d{6}$/;
/** Ids the application generates or the client supplies (recordId, commitmentId, …). */
const ENTITY_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

export const isValidPersonId = (value: unknown): value is string => typeof value === 'string' && PERSON_ID.test(value);
export const isValidRegionCode = (value: unknown): value is string =>
  typeof value === 'string' && REGION_CODE.test(value);
export const isValidEntityId = (value: unknown): value is string => typeof value === 'string' && ENTITY_ID.test(value);
