import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InstitutionView } from '@app/read-model';
import { DataSource } from 'typeorm';
import { ProblemException } from '../http/problem';
import { READ_STORE } from '../read-model/tokens';
import { GetInstitutionArchiveQuery } from './get-institution-archive.query';

/** The integrity archive (诚信档案) of one institution, in the shape of api.md "Archive shape". */
export interface InstitutionArchive {
  subject: { kind: 'INSTITUTION'; id: string; name: string; institutionKind: string; regionCode: string; parentUscc: string | null };
  status: { listed: boolean; activeAwardBans: number; inPublication: number; openRectifications: number };
  commitments: unknown[];
  records: unknown[];
  exemplars: unknown[];
  provenance: { registeredPosition: string };
}

@QueryHandler(GetInstitutionArchiveQuery)
export class GetInstitutionArchiveHandler implements IQueryHandler<GetInstitutionArchiveQuery, InstitutionArchive> {
  constructor(@Inject(READ_STORE) private readonly dataSource: DataSource) {}

  async execute({ uscc }: GetInstitutionArchiveQuery): Promise<InstitutionArchive> {
    const row = await this.dataSource.getRepository(InstitutionView).findOneBy({ uscc });
    if (!row) throw new ProblemException(404, 'NOT_FOUND', `no institution ${uscc} in the archive`);
    return {
      subject: {
        kind: 'INSTITUTION',
        id: row.uscc,
        name: row.name,
        institutionKind: row.kind,
        regionCode: row.regionCode,
        parentUscc: row.parentUscc,
      },
      status: { listed: false, activeAwardBans: 0, inPublication: 0, openRectifications: 0 },
      commitments: [],
      records: [],
      exemplars: [],
      provenance: { registeredPosition: String(row.registeredPosition) },
    };
  }
}
