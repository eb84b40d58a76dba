import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ProblemException } from '../http/problem';
import { ReadSide } from '../read-side/read-side.service';
import { ArchiveSourcesReader } from './archive-sources';
import { OfficialArchive, renderOfficialArchive } from './archive-view';
import { GetOfficialArchiveQuery } from './get-official-archive.query';

/** The archive of an official (公职人员): records about them, accountability, signed commitments, terms. */
@QueryHandler(GetOfficialArchiveQuery)
export class GetOfficialArchiveHandler implements IQueryHandler<GetOfficialArchiveQuery, OfficialArchive> {
  constructor(
    private readonly readSide: ReadSide,
    private readonly sources: ArchiveSourcesReader,
  ) {}

  async execute({ personId, knownAt }: GetOfficialArchiveQuery): Promise<OfficialArchive> {
    const time = await this.readSide.systemTime(knownAt);
    const sources = knownAt === undefined ? await this.sources.current('OFFICIAL', personId) : await this.sources.replayed('OFFICIAL', personId, time.position!);
    if (!sources?.official) throw new ProblemException(404, 'NOT_FOUND', `no official ${personId} in the archive${knownAt ? ` as known at ${knownAt}` : ''}`);
    return renderOfficialArchive({ ...sources, official: sources.official }, time.date, time.asOf);
  }
}
