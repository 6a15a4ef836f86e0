import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class UpstreamCallDto {
  @ApiProperty({ example: 'GET' })
  method: string;

  @ApiProperty({ example: '/ex/jira/11223344-a1b2-3b33-c444-def123456789/rest/api/3/myself' })
  path: string;

  @ApiProperty({ nullable: true, example: 200 })
  status: number | null;

  @ApiProperty({ example: 84 })
  durationMs: number;

  @ApiProperty({ example: 1 })
  attempt: number;

  @ApiPropertyOptional({ example: 'ECONNRESET' })
  error?: string;
}

export class ExecutionSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'jsm.create_customer' })
  action: string;

  @ApiProperty({ example: 'Jira_SM' })
  alias: string;

  @ApiProperty({ nullable: true, format: 'uuid' })
  connectionId: string | null;

  @ApiProperty({ example: 'flow-designer-token' })
  actor: string;

  @ApiProperty({
    nullable: true,
    example: '5f0c6a3e-2b7d-4c41-9a1e-0d6f3b2a9c11',
    description:
      "The request that ran it: its X-Request-Id header and the requestId of the hub's log lines",
  })
  requestId: string | null;

  @ApiProperty({ enum: ['success', 'error'] })
  status: string;

  @ApiProperty()
  startedAt: string;

  @ApiProperty()
  finishedAt: string;

  @ApiProperty()
  durationMs: number;
}

export class ExecutionDetailDto extends ExecutionSummaryDto {
  @ApiProperty({ description: 'Inputs with secret fields masked', type: Object })
  inputs: unknown;

  @ApiProperty({ nullable: true, type: Object })
  outputs: unknown;

  @ApiProperty({ nullable: true, type: Object })
  error: unknown;

  @ApiProperty({ type: [UpstreamCallDto] })
  upstream: UpstreamCallDto[];
}

export class ExecutionPageDto {
  @ApiProperty({ type: [ExecutionSummaryDto] })
  items: ExecutionSummaryDto[];

  @ApiProperty({
    example: 120,
    description: 'Executions matching the filters: exact, or an estimate when totalExact is false',
  })
  total: number;

  @ApiProperty({
    example: true,
    description: 'Whether total was counted (up to 10,000 matches, or with total=exact)',
  })
  totalExact: boolean;

  @ApiProperty({ example: 50 })
  limit: number;

  @ApiProperty({ example: 0 })
  offset: number;

  @ApiProperty({
    nullable: true,
    type: String,
    example: 'MjAyNi0xMi0wNFQwMjozMzo1Mi4xMjNaX2U1ZjA',
    description: 'Pass as cursor for the page after this one; null on the last page',
  })
  nextCursor: string | null;
}
