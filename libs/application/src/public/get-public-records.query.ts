import type { PageRequest } from '../read-side/read-side.service';

export class GetPublicRecordsQuery {
  constructor(
    readonly filter: { region?: string },
    readonly page: PageRequest,
  ) {}
}
