import type { PageRequest } from '../read-side/read-side.service';

export class GetExemplarsQuery {
  constructor(
    readonly filter: { on?: string; knownAt?: string },
    readonly page: PageRequest,
  ) {}
}
