import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsString, Length } from 'class-validator';
import { OptionalField } from '../../common/validation';

export class ExecuteActionDto {
  @ApiProperty({
    example: 'Jira_SM',
    description: 'The alias whose active connection runs the action',
  })
  @IsString()
  @Length(1, 100)
  alias: string;

  @ApiProperty({
    type: Object,
    example: { email: 'jane@example.com', displayName: 'Jane Doe' },
    description: "The action's inputs, checked against its input schema",
  })
  @IsObject()
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
