import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, IsUrl, Length, ValidateIf } from 'class-validator';
import { IsDateTime } from '../../common/date-time.validator';
import { CredentialType } from '../credential-type';
import { OptionalField } from '../../common/validation';

const TYPES = Object.values(CredentialType);
const HTTPS_URL = { protocols: ['https', 'http'], require_tld: false, require_protocol: true };

/** Fields shared by create and update; which of them a credential takes depends on its type. */
export class CredentialFieldsDto {
  @ApiPropertyOptional({
    enum: TYPES,
    description:
      'Inferred when omitted: a username with @ means basic, a clientId oauth2, a token bearer; client_credentials (an Atlassian service account) must be named',
  })
  @OptionalField()
  @IsIn(TYPES, { message: `type must be one of: ${TYPES.join(', ')}` })
  type?: CredentialType;

  @ApiPropertyOptional({
    example: 'automation@example.com',
    description: 'basic: the Atlassian account email',
  })
  @OptionalField()
  @IsEmail({}, { message: 'username must be the Atlassian account email address' })
  @Length(3, 320)
  username?: string;

  @ApiPropertyOptional({
    example: 'ATATT3xFfGF0...',
    description: 'basic: the API token (write-only)',
    writeOnly: true,
  })
  @OptionalField()
  @IsString()
  @Length(1, 4096)
  apiToken?: string;

  @ApiPropertyOptional({
    example: 'Qw3rTyUi0pAsDfGh',
    description: "oauth2: the app client id; client_credentials: the service account credential's",
  })
  @OptionalField()
  @IsString()
  @Length(1, 200)
  clientId?: string;

  @ApiPropertyOptional({
    description:
      'oauth2 and client_credentials: the client secret (write-only); a service account secret is checked at the token endpoint before it is saved',
    writeOnly: true,
  })
  @OptionalField()
  @IsString()
  @Length(1, 4096)
  clientSecret?: string;

  @ApiPropertyOptional({ example: 'https://auth.atlassian.com/authorize' })
  @OptionalField()
  @IsUrl(HTTPS_URL, { message: 'authorizationUrl must be an http(s) URL' })
  @Length(1, 500)
  authorizationUrl?: string;

  @ApiPropertyOptional({
    example: 'https://auth.atlassian.com/oauth/token',
    description:
      'oauth2 and client_credentials: the token endpoint (allow-listed host); default <ATLASSIAN_AUTH_URL>/oauth/token',
  })
  @OptionalField()
  @IsUrl(HTTPS_URL, { message: 'tokenUrl must be an http(s) URL' })
  @Length(1, 500)
  tokenUrl?: string;

  @ApiPropertyOptional({
    description: 'bearer: a service-account scoped API token or an org-admin API key (write-only)',
    writeOnly: true,
  })
  @OptionalField()
  @IsString()
  @Length(1, 4096)
  token?: string;

  @ApiPropertyOptional({
    example: '2027-11-23T00:00:00Z',
    nullable: true,
    description:
      'When the API token expires (Atlassian API tokens last at most a year); null clears it',
  })
  @ValidateIf((_dto, value) => value !== null && value !== undefined)
  @IsDateTime({ message: 'expiresAt must be an ISO 8601 date-time such as 2027-11-01T00:00:00Z' })
  expiresAt?: string | null;
}
