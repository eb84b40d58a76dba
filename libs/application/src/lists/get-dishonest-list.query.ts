import type { PageRequest } from '../read-side/read-side.service';

export class GetDishonestListQuery {
  constructor(
    readonly filter: { on?: string; region?: string; domain?: string; knownAt?: string },
    readonly page: PageRequest,
  ) {}
}
