import type { PageRequest } from '../read-side/read-side.service';

export class GetDishonestListQuery {
  constructor(
    readonly filter: {
      on?: string;
      region?: string;
      domain?: string;
      knownAt?: string;
      /**
       * The public view: only listings still on the list today, whatever `on` asks. The public sees
       * only what is in its publication period (domain.md §1): a listing since ended by repair or
       * revocation is not shown for a past date either.
       */
      stillListedToday?: boolean;
    },
    readonly page: PageRequest,
  ) {}
}
