import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { Role, ROLES } from '../role';

export class CreateApiTokenDto {
  @ApiProperty({ example: 'ci-pipeline', description: 'What the token is for' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ enum: ROLES, example: Role.Designer })
  @IsIn(ROLES, { message: `role must be one of: ${ROLES.join(', ')}` })
  role: Role;
}
