import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DeadlineWatcher, Roles } from '@app/application';

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

  /** Runs the deadline watcher now (it also runs on start and every minute). */
  @Post('deadline-sweep')
  @HttpCode(200)
  @Roles('credit-office')
  @ApiOkResponse({ type: DeadlineSweepResultDto })
  sweep(@Body() _body: DeadlineSweepDto): Promise<DeadlineSweepResultDto> {
    return this.watcher.sweep();
  }
}
