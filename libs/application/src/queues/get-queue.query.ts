import type { QueueKind } from '@app/read-model';
import type { PageRequest } from '../read-side/read-side.service';

export class GetQueueQuery {
  constructor(
    readonly kind: QueueKind,
    readonly page: PageRequest,
    /** System time: the queue as it stood at this instant (default: now). */
    readonly knownAt?: string,
  ) {}
}
