import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { CredentialFieldsDto } from './credential-fields.dto';
import { OptionalField } from '../../common/validation';

/** Secrets left out keep their stored value. */
export class UpdateCredentialDto extends CredentialFieldsDto {
  @ApiPropertyOptional({ example: 'Jira SM Basic Auth Token cred' })
  @OptionalField()
  @IsString()
  @Length(1, 200)
  name?: string;
}
