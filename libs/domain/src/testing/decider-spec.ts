/**
 * Given events / when command / then events or error code — the shape every domain spec uses.
 * Kept out of the public index: it exists for the specs beside the code.
 */
import { DomainError, DomainErrorCode } from '../shared/domain-error';

export interface Decider<C, E, S, X> {
  decide(command: C, state: S, context: X): E[];
  evolve(state: S, event: E): S;
  initialState(): S;
}

export function deciderSpec<C, E, S, X>(decider: Decider<C, E, S, X>, defaultContext: X) {
  return (given: E[], context: X = defaultContext) => {
    const state = given.reduce(decider.evolve, decider.initialState());
    return {
      state,
      when(command: C) {
        const run = () => decider.decide(command, state, context);
        return {
          then(expected: E[]) {
            const events = run();
            expect(events).toStrictEqual(expected);
            // Events must survive canonical JSON unchanged: no undefined, no Date, no classes.
            expect(JSON.parse(JSON.stringify(events))).toStrictEqual(events);
            return events;
          },
          thenEvents: run,
          thenRefuses(code: DomainErrorCode, details?: Record<string, unknown>) {
            let error: unknown;
            try {
              run();
            } catch (e) {
              error = e;
            }
            expect(error).toBeInstanceOf(DomainError);
            expect((error as DomainError).code).toBe(code);
            if (details) expect((error as DomainError).details).toMatchObject(details);
            return error as DomainError;
          },
        };
      },
    };
  };
}
