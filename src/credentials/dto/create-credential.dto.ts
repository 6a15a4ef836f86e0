import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { CredentialFieldsDto } from './credential-fields.dto';

export class CreateCredentialDto extends CredentialFieldsDto {
  @ApiProperty({ example: 'Jira SM Basic Auth Token cred' })
  @IsString()
  @Length(1, 200)
  name: string;
}
