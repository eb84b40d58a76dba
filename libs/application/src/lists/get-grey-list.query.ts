import type { PageRequest } from '../read-side/read-side.service';

export class GetGreyListQuery {
  constructor(
    readonly filter: { on?: string; region?: string; knownAt?: string },
    readonly page: PageRequest,
  ) {}
}
