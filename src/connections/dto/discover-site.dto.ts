import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches } from 'class-validator';

export class DiscoverSiteDto {
  @ApiProperty({ example: 'your-team.atlassian.net' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .trim()
          .toLowerCase()
          .replace(/^https?:\/\//, '')
          .replace(/\/.*$/, '')
      : value,
  )
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}\.atlassian\.net$/, {
    message: 'site must be an Atlassian Cloud site such as your-team.atlassian.net',
  })
  site: string;
}

export class DiscoveredSiteDto {
  @ApiProperty({ format: 'uuid', example: '11223344-a1b2-3b33-c444-def123456789' })
  cloudId: string;

  @ApiProperty({
    example: 'https://api.atlassian.com/ex/jira/11223344-a1b2-3b33-c444-def123456789',
  })
  url: string;
}
