import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsDateTime } from '../../common/date-time.validator';
import { OptionalField } from '../../common/validation';
import { REQUEST_ID_PATTERN } from '../../logging/request-id';

export class ListExecutionsQueryDto {
  @ApiPropertyOptional({ example: 'jsm.create_customer' })
  @OptionalField()
  @IsString()
  @Length(1, 100)
  action?: string;

  @ApiPropertyOptional({ example: 'Jira_SM' })
  @OptionalField()
  @IsString()
  @Length(1, 100)
  alias?: string;

  @ApiPropertyOptional({ enum: ['success', 'error'] })
  @OptionalField()
  @IsIn(['success', 'error'], { message: 'status must be success or error' })
  status?: 'success' | 'error';

  @ApiPropertyOptional({ description: 'The X-Request-Id of the request that ran it' })
  @OptionalField()
  @Matches(REQUEST_ID_PATTERN, {
    message: 'requestId must be 1 to 64 letters, digits, ".", "_", ":" or "-"',
  })
  requestId?: string;

  @ApiPropertyOptional({ description: 'Started at or after (ISO 8601)' })
  @OptionalField()
  @IsDateTime({ message: 'from must be an ISO 8601 date-time such as 2026-11-26T12:00:00Z' })
  from?: string;

  @ApiPropertyOptional({ description: 'Started before (ISO 8601)' })
  @OptionalField()
  @IsDateTime({ message: 'to must be an ISO 8601 date-time such as 2026-11-26T12:00:00Z' })
  to?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @OptionalField()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({
    default: 0,
    minimum: 0,
    description: 'Executions to skip. For deep pages use cursor, which costs the same on any page',
  })
  @OptionalField()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  // Past this, numbers lose precision and the databases refuse them as OFFSET.
  @Max(Number.MAX_SAFE_INTEGER)
  offset?: number;

  @ApiPropertyOptional({
    description:
      'Keyset paging: the nextCursor of the previous page. The page starts after that execution, ' +
      'so executions recorded meanwhile neither repeat nor shift rows. Not with offset',
  })
  @OptionalField()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, {
    message: 'cursor must be the nextCursor of a previous page',
  })
  cursor?: string;

  @ApiPropertyOptional({
    enum: ['estimate', 'exact'],
    default: 'estimate',
    description:
      'estimate: counted up to 10,000 matches, estimated above (totalExact says which); ' +
      'exact: always counted, which reads every match',
  })
  @OptionalField()
  @IsIn(['estimate', 'exact'], { message: 'total must be estimate or exact' })
  total?: 'estimate' | 'exact';
}
