import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { OptionalField } from '../../common/validation';
import {
  ConnectionAttributes,
  MAX_ATTRIBUTES,
  MAX_ATTRIBUTE_VALUE_LENGTH,
} from './connection-attributes';

/** Optional on both create and update; CreateConnectionDto makes the essentials required. */
export class ConnectionFieldsDto {
  @ApiPropertyOptional({
    type: [String],
    example: ['read:jira-user', 'read:jira-work', 'offline_access'],
    description:
      "OAuth scopes; left out, the spoke's defaults (and on every edit that leaves them out)",
  })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique({ message: 'scopes must not repeat a scope' })
  @IsString({ each: true })
  @Matches(/^[A-Za-z0-9:._-]{1,100}$/, {
    each: true,
    message: 'each scope must look like read:jira-work',
  })
  scopes?: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', minLength: 1, maxLength: MAX_ATTRIBUTE_VALUE_LENGTH },
    maxProperties: MAX_ATTRIBUTES,
    example: { serviceDeskId: '4', projectKey: 'OPS' },
    description:
      'Named values that action inputs take with {"fromConnection": "<name>"} or by sharing the name of an input the caller leaves out. Names: a letter, then letters, digits or _ (at most 64). NOT SECRET: designers see them and the execution history records the values used; never put a password or token here. On update, the whole set is replaced, and an update that sends only attributes keeps the scopes.',
  })
  @OptionalField()
  @ConnectionAttributes()
  attributes?: Record<string, string>;

  @ApiPropertyOptional({
    description:
      "Activating a connection deactivates the alias's other one; on create, defaults to true when the alias has no active connection",
  })
  @OptionalField()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 10,
    default: 3,
    description: 'Retries of a safe request after 429, 5xx or a network error',
  })
  @OptionalField()
  @IsInt()
  @Min(0)
  @Max(10)
  maxRetries?: number;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 3600,
    default: 60,
    description: 'The most an execution waits in all for retries',
  })
  @OptionalField()
  @IsInt()
  @Min(0)
  @Max(3600)
  maxRetryWaitSeconds?: number;

  @ApiPropertyOptional({ minimum: 1000, maximum: 300000, default: 30000 })
  @OptionalField()
  @IsInt()
  @Min(1000)
  @Max(300000)
  timeoutMs?: number;
}

export class ConnectionIdentityFieldsDto extends ConnectionFieldsDto {
  @ApiPropertyOptional({ example: 'Jira cloud Basic Auth Token Connection' })
  @OptionalField()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({
    example: 'https://api.atlassian.com/ex/jira/11223344-a1b2-3b33-c444-def123456789',
  })
  @OptionalField()
  @IsString()
  @Length(1, 500)
  url?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @OptionalField()
  @IsUUID('all', { message: 'credentialId must be a UUID' })
  credentialId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @OptionalField()
  @IsUUID('all', { message: 'aliasId must be a UUID' })
  aliasId?: string;
}
