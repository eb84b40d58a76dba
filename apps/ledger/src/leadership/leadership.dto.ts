import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString } from 'class-validator';
import { PositionDto } from '../http/api-docs';
import { DATE_EXAMPLE, IsBusinessDate, IsPersonId } from '../http/validators';

export class AppointLeaderDto {
  @ApiProperty({ description: 'Opaque official id, 1–64 of A-Za-z0-9_- (no national ID numbers)', example: 'p-wang' })
  @IsPersonId()
  personId: string;

  @ApiProperty({ example: '王某', maxLength: 100, description: 'A person already registered as an official is appointed under the name registered (else 400 on name)' })
  @IsString()
  @IsNotEmpty()
  name: string;

  @ApiProperty({ example: '主任', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  title: string;

  @ApiProperty({ description: 'First day in office (may lie in the future); serves until the day before the next appointment', format: 'date', example: DATE_EXAMPLE })
  @IsBusinessDate()
  effectiveOn: string;
}

export class LeaderAppointedDto extends PositionDto {
  @ApiProperty()
  uscc: string;

  @ApiProperty()
  personId: string;
}

export class RegisterOfficialDto {
  @ApiProperty({ description: 'Opaque official id, 1–64 of A-Za-z0-9_-', example: 'p-zhao' })
  @IsPersonId()
  personId: string;

  @ApiProperty({ example: '赵某', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  name: string;

  @ApiProperty({ description: 'USCC of the institution where the official serves' })
  @IsString()
  institutionUscc: string;

  @ApiProperty({ example: '科长', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  post: string;
}

export class OfficialRegisteredDto extends PositionDto {
  @ApiProperty()
  personId: string;
}
