import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsUUID, Matches, ValidateNested } from 'class-validator';
import { CreateConnectionDto } from '../../connections/dto/create-connection.dto';
import { ConnectionResponseDto } from '../../connections/dto/connection-response.dto';
import { CreateCredentialDto } from '../../credentials/dto/create-credential.dto';
import { AliasDetailDto } from './alias-response.dto';
import { ALIAS_NAME_MESSAGE, ALIAS_NAME_RULE } from './create-alias.dto';
import { OptionalField } from '../../common/validation';

export class NewChildAliasDto {
  @ApiProperty({ example: 'Jira_SM_EU' })
  @Matches(ALIAS_NAME_RULE, { message: ALIAS_NAME_MESSAGE })
  name: string;
}

export class NewConnectionDto extends OmitType(CreateConnectionDto, [
  'aliasId',
  'credentialId',
] as const) {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'An existing credential, or give credential',
  })
  @OptionalField()
  @IsUUID('all', { message: 'credentialId must be a UUID' })
  credentialId?: string;
}

/**
 * ServiceNow's "Add Connection": a new child alias (optional), a new credential (optional) and the
 * connection, saved together or not at all.
 */
export class AddConnectionDto {
  @ApiPropertyOptional({
    type: NewChildAliasDto,
    description: 'Creates this child alias of the alias in the path and puts the connection on it',
  })
  @OptionalField()
  @IsObject({ message: 'childAlias must be an object' })
  @ValidateNested()
  @Type(() => NewChildAliasDto)
  childAlias?: NewChildAliasDto;

  @ApiPropertyOptional({
    type: CreateCredentialDto,
    description: 'Creates this credential for the connection instead of naming credentialId',
  })
  @OptionalField()
  @IsObject({ message: 'credential must be an object' })
  @ValidateNested()
  @Type(() => CreateCredentialDto)
  credential?: CreateCredentialDto;

  @ApiProperty({ type: NewConnectionDto })
  @IsObject({ message: 'connection must be an object' })
  @ValidateNested()
  @Type(() => NewConnectionDto)
  connection: NewConnectionDto;
}

export class AddedConnectionDto {
  @ApiProperty({ type: AliasDetailDto, description: 'The alias the connection is on' })
  alias: AliasDetailDto;

  @ApiProperty({ type: ConnectionResponseDto })
  connection: ConnectionResponseDto;
}
