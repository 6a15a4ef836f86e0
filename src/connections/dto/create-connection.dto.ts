import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUUID, Length } from 'class-validator';
import { ConnectionFieldsDto } from './connection-fields.dto';
import { OptionalField } from '../../common/validation';

export class CreateConnectionDto extends ConnectionFieldsDto {
  @ApiProperty({ example: 'Jira cloud Basic Auth Token Connection' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({
    example: 'https://api.atlassian.com/ex/jira/11223344-a1b2-3b33-c444-def123456789',
    description:
      'Required, except with an OAuth 2.0 credential: left out, Save and Get OAuth Token fills it in from the site the grant covers',
  })
  @OptionalField()
  @IsString()
  @Length(1, 500)
  url?: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'credentialId must be a UUID' })
  credentialId: string;

  @ApiProperty({
    format: 'uuid',
    description: 'The alias (e.g. Jira_SM or a child of it) this connection serves',
  })
  @IsUUID('all', { message: 'aliasId must be a UUID' })
  aliasId: string;
}
