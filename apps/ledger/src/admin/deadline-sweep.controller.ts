import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DeadlineWatcher, ProblemException, Roles } from '@app/application';
import { ReadStoreNewerError } from '@app/read-model';

/** The sweep takes no input: `{}`. */
export class DeadlineSweepDto {}

export class DeadlineSweepResultDto {
  @ApiProperty({ description: 'Rectification orders lapsed by this sweep' })
  lapsed: number;

  @ApiProperty({ description: 'Log position to pass as consistentWith' })
  position: string;
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/admin')
export class DeadlineSweepController {
  constructor(private readonly watcher: DeadlineWatcher) {}

  /**
   * Runs the deadline watcher now (it also runs on start and every minute). 503
   * `READ_STORE_NEWER`, lapsing nothing, from a process of an older release than the read store's
   * (a rolling upgrade): the new release's watcher lapses by its rules.
   */
  @Post('deadline-sweep')
  @HttpCode(200)
  @Roles('credit-office')
  @ApiOkResponse({ type: DeadlineSweepResultDto })
  async sweep(@Body() _body: DeadlineSweepDto): Promise<DeadlineSweepResultDto> {
    try {
      return await this.watcher.sweep();
    } catch (error) {
      if (error instanceof ReadStoreNewerError) throw new ProblemException(503, 'READ_STORE_NEWER', error.message, { migrations: error.migrations });
      throw error;
    }
  }
}
