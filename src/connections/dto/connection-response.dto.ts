import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Spoke } from '../../spokes/spoke';
import type { OAuthStatus } from '../../oauth/oauth-token.service';

export class LastTestDto {
  @ApiProperty()
  at: string;

  @ApiProperty()
  ok: boolean;

  @ApiProperty()
  message: string;
}

export class ConnectionOAuthDto {
  @ApiProperty({
    enum: ['not_authorized', 'authorized', 'scopes_changed', 'reauthorization_required'],
    description:
      'scopes_changed: the connection asks for other scopes than the grant holds (e.g. after the reset on edit); get a new token',
  })
  status: OAuthStatus;

  @ApiProperty({ nullable: true, description: 'When the current access token expires' })
  expiresAt: string | null;

  @ApiProperty({ type: [String] })
  grantedScopes: string[];

  @ApiProperty({ nullable: true })
  lastRefreshedAt: string | null;

  @ApiProperty({
    nullable: true,
    description:
      'Why the grant needs a new authorization, or why the last refresh failed, if it did',
  })
  lastError: string | null;

  @ApiProperty({
    nullable: true,
    description: 'When the consent behind the grant was given (Save and Get OAuth Token)',
  })
  consentedAt: string | null;

  @ApiProperty({
    nullable: true,
    description:
      'When Atlassian ends the grant, 365 days after consent whatever the refreshes: use Save and Get OAuth Token again before then',
  })
  reconsentBy: string | null;
}

export class ConnectionResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({
    example: 'https://api.atlassian.com/ex/jira/11223344-a1b2-3b33-c444-def123456789',
    nullable: true,
    description:
      'null for an OAuth connection whose site Save and Get OAuth Token has not filled in yet',
  })
  url: string | null;

  @ApiProperty({ format: 'uuid', nullable: true })
  cloudId: string | null;

  @ApiProperty({ format: 'uuid' })
  credentialId: string;

  @ApiProperty({ format: 'uuid' })
  aliasId: string;

  @ApiProperty({ example: 'Jira_SM' })
  aliasName: string;

  @ApiProperty({ enum: Object.values(Spoke) })
  spoke: Spoke;

  @ApiProperty({ type: [String] })
  scopes: string[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { serviceDeskId: '4', projectKey: 'OPS' },
    description: 'Named values action inputs can take; never secret',
  })
  attributes: Record<string, string>;

  @ApiProperty()
  active: boolean;

  @ApiProperty()
  maxRetries: number;

  @ApiProperty()
  maxRetryWaitSeconds: number;

  @ApiProperty()
  timeoutMs: number;

  @ApiProperty({ type: LastTestDto, nullable: true })
  lastTest: LastTestDto | null;

  @ApiProperty({
    type: ConnectionOAuthDto,
    nullable: true,
    description: 'The OAuth grant of a connection with an OAuth 2.0 credential; null for others',
  })
  oauth: ConnectionOAuthDto | null;

  @ApiProperty()
  createdAt: string;

  @ApiProperty()
  updatedAt: string;
}

export class UpdatedConnectionResponseDto extends ConnectionResponseDto {
  @ApiProperty({ description: "True when this edit put the spoke's default scopes back" })
  scopesReset: boolean;

  @ApiPropertyOptional({
    example: 'Scopes were reset to the jsm spoke defaults because the edit did not set them',
  })
  message?: string;
}

export class ConnectionTestResultDto {
  @ApiProperty()
  ok: boolean;

  @ApiPropertyOptional({ example: '5b10a2844c20165700ede21g' })
  accountId?: string;

  @ApiPropertyOptional({ example: 'Automation Bot' })
  displayName?: string;

  @ApiPropertyOptional({
    example: 'atlassian',
    description: 'atlassian, app (service accounts, bots) or customer',
  })
  accountType?: string;

  @ApiPropertyOptional({ nullable: true, example: 401 })
  httpStatus?: number | null;

  @ApiPropertyOptional()
  message?: string;
}
