import fc from 'fast-check';
import { Intent, INTENT_KINDS } from '../workload/ledger-scenario';

/** The lifecycle steps that lead to listings, bans and their endings come up more often. */
const WEIGHTED_KINDS = [...INTENT_KINDS, 'record', 'record', 'order', 'order', 'order', 'lapse', 'lapse', 'lapse', 'objection', 'decideObjection', 'report', 'review', 'commitment', 'breach'] as const;

export const intentArbitrary: fc.Arbitrary<Intent> = fc.record({
  kind: fc.constantFrom(...WEIGHTED_KINDS),
  a: fc.nat(100_000),
  b: fc.nat(100_000),
  flag: fc.boolean(),
});

/** Institutions with leaders and officials first, so the rest of a sequence has subjects to act on. */
export const SETUP_INTENTS: Intent[] = [
  ...Array.from({ length: 6 }, (_, i): Intent => ({ kind: 'institution', a: i, b: i, flag: false })),
  ...Array.from({ length: 6 }, (_, i): Intent => ({ kind: 'leader', a: i, b: i, flag: false })),
  ...Array.from({ length: 6 }, (_, i): Intent => ({ kind: 'leader', a: i, b: i + 6, flag: false })),
  ...Array.from({ length: 4 }, (_, i): Intent => ({ kind: 'official', a: i, b: i + 3, flag: false })),
];

/** Valid command sequences: a setup, then `minLength`–`maxLength` intents of every kind. */
export const scenarioArbitrary = (minLength = 30, maxLength = 120) => fc.array(intentArbitrary, { minLength, maxLength });
