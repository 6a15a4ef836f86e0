import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { OptionalField } from '../../common/validation';
import { ALIAS_NAME_MAX_LENGTH } from '../execute-body';

/** The execute body as the API description shows it; checked by parseExecuteBody (execute-body.ts). */
export class ExecuteActionDto {
  @ApiProperty({
    example: 'Jira_SM',
    description: 'The alias whose active connection runs the action',
    minLength: 1,
    maxLength: ALIAS_NAME_MAX_LENGTH,
  })
  alias: string;

  @ApiProperty({
    type: Object,
    example: { email: 'jane@example.com', displayName: 'Jane Doe' },
    description: "The action's inputs, checked against its input schema",
  })
  inputs: Record<string, unknown>;
}

export class ActionNameParamDto {
  @ApiProperty({ example: 'jsm.create_customer' })
  @IsString()
  @Length(1, 100)
  name: string;
}

export class OperationSearchQueryDto {
  @ApiPropertyOptional({
    example: 'issue comment',
    description: 'Words that each must appear in the operationId, method or path (any case)',
  })
  @OptionalField()
  @IsString()
  @Length(0, 200)
  search?: string;
}
