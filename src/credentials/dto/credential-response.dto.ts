import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CredentialType } from '../credential-type';

export type SecretState = 'set' | 'not set';

export class CredentialResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Jira SM Basic Auth Token cred' })
  name: string;

  @ApiProperty({ enum: Object.values(CredentialType) })
  type: CredentialType;

  @ApiPropertyOptional({ example: 'automation@example.com' })
  username?: string;

  @ApiPropertyOptional({
    enum: ['set', 'not set'],
    description: 'Whether the API token is stored; never its value',
  })
  apiToken?: SecretState;

  @ApiPropertyOptional()
  clientId?: string;

  @ApiPropertyOptional({ enum: ['set', 'not set'] })
  clientSecret?: SecretState;

  @ApiPropertyOptional({ example: 'https://auth.atlassian.com/authorize' })
  authorizationUrl?: string;

  @ApiPropertyOptional({ example: 'https://auth.atlassian.com/oauth/token' })
  tokenUrl?: string;

  @ApiPropertyOptional({ enum: ['set', 'not set'] })
  token?: SecretState;

  @ApiProperty({ nullable: true, example: '2027-11-23T00:00:00.000Z' })
  expiresAt: string | null;

  @ApiProperty({
    nullable: true,
    example: 364,
    description: 'Whole days until expiry (negative once expired)',
  })
  expiresInDays: number | null;

  @ApiProperty({ description: 'Expires within 30 days, or has expired' })
  expiringSoon: boolean;

  @ApiProperty()
  createdAt: string;

  @ApiProperty()
  updatedAt: string;
}
