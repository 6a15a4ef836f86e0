import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsUUID, Matches } from 'class-validator';
import { SPOKES } from '../../spokes';
import { Spoke } from '../../spokes/spoke';
import { OptionalField } from '../../common/validation';

export const ALIAS_NAME_RULE = /^[A-Za-z][A-Za-z0-9_.-]{0,99}$/;
export const ALIAS_NAME_MESSAGE =
  'name must start with a letter and hold only letters, digits, _ . - (at most 100 characters)';

export class CreateAliasDto {
  @ApiProperty({ example: 'Jira_SM_EU' })
  @Matches(ALIAS_NAME_RULE, { message: ALIAS_NAME_MESSAGE })
  name: string;

  @ApiPropertyOptional({
    enum: SPOKES,
    description: "Required for a parent alias; a child inherits its parent's",
  })
  @OptionalField()
  @IsIn(SPOKES, { message: `spoke must be one of: ${SPOKES.join(', ')}` })
  spoke?: Spoke;

  @ApiPropertyOptional({ format: 'uuid', description: 'Makes this a child alias of that parent' })
  @OptionalField()
  @IsUUID('all', { message: 'parentId must be a UUID' })
  parentId?: string;
}

export class UpdateAliasDto {
  @ApiProperty({ example: 'Jira_SM_EU' })
  @Matches(ALIAS_NAME_RULE, { message: ALIAS_NAME_MESSAGE })
  name: string;
}
