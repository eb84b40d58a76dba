import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { INSTITUTION_KINDS, InstitutionKind } from '@app/domain';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';

export class RegisterInstitutionDto {
  @ApiProperty({ description: 'Unified Social Credit Code (GB 32100), 18 characters with a valid check character', example: '11370100MB2852726E' })
  @IsString()
  uscc: string;

  @ApiProperty({ example: '济南市高新区管委会' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: INSTITUTION_KINDS })
  @IsIn(INSTITUTION_KINDS)
  kind: InstitutionKind;

  @ApiProperty({ description: 'GB/T 2260 administrative region code', example: '370100' })
  @Matches(/^\d{6}$/, { message: 'regionCode must be 6 digits' })
  regionCode: string;

  @ApiPropertyOptional({ description: 'USCC of the parent institution' })
  @IsOptional()
  @IsString()
  parentUscc?: string;
}

export class CommandResultDto {
  @ApiProperty({ description: 'Global log position of the last event written, a decimal string' })
  position: string;
}

export class InstitutionRegisteredDto extends CommandResultDto {
  @ApiProperty()
  uscc: string;
}
