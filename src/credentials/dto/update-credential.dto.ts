import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { CredentialFieldsDto } from './credential-fields.dto';

/** Secrets left out keep their stored value. */
export class UpdateCredentialDto extends CredentialFieldsDto {
  @ApiPropertyOptional({ example: 'Jira SM Basic Auth Token cred' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;
}
