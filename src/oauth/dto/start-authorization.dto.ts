import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { OptionalField } from '../../common/validation';

export class StartAuthorizationDto {
  @ApiPropertyOptional({
    example: '/console/connections',
    description: 'A path on the hub to link back to from the page the flow ends on',
  })
  @OptionalField()
  @IsString()
  @MaxLength(500)
  returnTo?: string;
}

export class AuthorizationStartedDto {
  @ApiPropertyOptional({
    example:
      'https://auth.atlassian.com/authorize?audience=api.atlassian.com&client_id=…&scope=…&redirect_uri=…&state=…&response_type=code&prompt=consent&code_challenge=…&code_challenge_method=S256',
  })
  authorizationUrl: string;

  @ApiPropertyOptional({ description: 'The flow must be finished before this time (10 minutes)' })
  expiresAt: string;
}
