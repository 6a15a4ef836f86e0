import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Role, ROLES } from '../role';

export class ApiTokenResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'ci-pipeline' })
  name: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty({ example: 'ihub_Xk3f', description: 'The first characters of the token' })
  prefix: string;

  @ApiPropertyOptional({ example: 'admin' })
  createdBy: string | null;

  @ApiProperty()
  createdAt: string;
}

export class CreatedApiTokenDto extends ApiTokenResponseDto {
  @ApiProperty({
    example: 'ihub_3q2-7wQy0bN1uV...',
    description: 'Shown once, in this answer only: the hub keeps only its hash',
  })
  token: string;
}
