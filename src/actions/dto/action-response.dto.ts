import { ApiProperty } from '@nestjs/swagger';
import { SPOKES } from '../../spokes';
import { Spoke } from '../../spokes/spoke';
import type { ActionScopes, OperationRef } from '../action-definition';

export class ActionScopesDto implements ActionScopes {
  @ApiProperty({ type: [String], example: ['manage:servicedesk-customer'] })
  classic: string[];

  @ApiProperty({ type: [String], example: ['write:customer:jira-service-management'] })
  granular: string[];
}

export class ActionSummaryDto {
  @ApiProperty({ example: 'jsm.create_customer' })
  name: string;

  @ApiProperty({ enum: SPOKES })
  spoke: Spoke;

  @ApiProperty({ example: 'Create customer' })
  title: string;

  @ApiProperty()
  description: string;

  @ApiProperty({ type: ActionScopesDto })
  scopes: ActionScopes;
}

export class ActionDetailDto extends ActionSummaryDto {
  @ApiProperty({ type: Object, description: 'JSON Schema of the inputs' })
  inputSchema: object;

  @ApiProperty({ type: Object, description: 'JSON Schema of the outputs' })
  outputSchema: object;

  @ApiProperty({ type: Object, isArray: true, description: 'The Atlassian operations it calls' })
  operations: OperationRef[];

  @ApiProperty({ type: Object, example: { email: 'jane@example.com', displayName: 'Jane Doe' } })
  example: Record<string, unknown>;
}
