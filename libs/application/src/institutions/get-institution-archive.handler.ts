import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ArchiveSourcesReader } from '../archive/archive-sources';
import { InstitutionArchive, renderInstitutionArchive } from '../archive/archive-view';
import { ProblemException } from '../http/problem';
import { ReadSide } from '../read-side/read-side.service';
import { GetInstitutionArchiveQuery } from './get-institution-archive.query';
import { assertValidUscc } from '../command-support/preconditions';

export type { InstitutionArchive } from '../archive/archive-view';

/** The integrity archive (诚信档案) of one institution, in the shape of api.md "Archive shape". */
@QueryHandler(GetInstitutionArchiveQuery)
export class GetInstitutionArchiveHandler implements IQueryHandler<GetInstitutionArchiveQuery, InstitutionArchive> {
  constructor(
    private readonly readSide: ReadSide,
    private readonly sources: ArchiveSourcesReader,
  ) {}

  async execute({ uscc, knownAt, principal }: GetInstitutionArchiveQuery): Promise<InstitutionArchive> {
    if (principal?.role === 'subject' && principal.uscc !== uscc) {
      throw new ProblemException(403, 'FORBIDDEN', 'a subject may only read its own archive');
    }
    // A malformed code is the request's fault (400, as on every other path), not a missing archive.
    assertValidUscc('uscc', uscc);
    const time = await this.readSide.systemTime(knownAt);
    const sources = knownAt === undefined ? await this.sources.current('INSTITUTION', uscc) : await this.sources.replayed('INSTITUTION', uscc, time.position!);
    if (!sources?.institution) throw new ProblemException(404, 'NOT_FOUND', `no institution ${uscc} in the archive${knownAt ? ` as known at ${knownAt}` : ''}`);
    return renderInstitutionArchive({ ...sources, institution: sources.institution }, time.date, time.asOf);
  }
}
