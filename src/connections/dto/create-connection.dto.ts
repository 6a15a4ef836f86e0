import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Length } from 'class-validator';
import { ConnectionFieldsDto } from './connection-fields.dto';

export class CreateConnectionDto extends ConnectionFieldsDto {
  @ApiProperty({ example: 'Jira cloud Basic Auth Token Connection' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({
    example: 'https://api.atlassian.com/ex/jira/11223344-a1b2-3b33-c444-def123456789',
  })
  @IsString()
  @Length(1, 500)
  url: string;

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
