import { Injectable } from '@nestjs/common';

/**
 * Serialises the commands that may register a person (RegisterOfficial, AppointPrincipalLeader)
 * per personId. A person is registered in the stream of the institution where they serve, so two
 * registrations at two institutions write to two streams and no revision check can stop both:
 * each looks the person up in the log, finds nothing, and appends. Holding this lock from the
 * lookup until the append has settled makes the second one find the first.
 *
 * It covers the commands of this process; the service takes commands in one process (the
 * projector app writes no commands), which is the deployment the README describes.
 */
@Injectable()
export class PersonRegistrationLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `work` after every earlier holder for this person has finished. */
  async run<T>(personId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(personId) ?? Promise.resolve();
    const current = previous.then(work);
    const tail = current.catch(() => undefined);
    this.tails.set(personId, tail);
    try {
      return await current;
    } finally {
      if (this.tails.get(personId) === tail) this.tails.delete(personId);
    }
  }
}
