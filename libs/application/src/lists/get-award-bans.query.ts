import type { PageRequest } from '../read-side/read-side.service';

export class GetAwardBansQuery {
  constructor(
    readonly filter: { activeOn?: string; subjectId?: string; knownAt?: string },
    readonly page: PageRequest,
  ) {}
}
