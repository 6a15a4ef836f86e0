import { ApiProperty } from '@nestjs/swagger';
import { ConnectionResponseDto } from '../../connections/dto/connection-response.dto';
import { SPOKES } from '../../spokes';
import { Spoke } from '../../spokes/spoke';

export class AliasResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Jira_SM' })
  name: string;

  @ApiProperty({ enum: SPOKES })
  spoke: Spoke;

  @ApiProperty({ format: 'uuid', nullable: true })
  parentId: string | null;

  @ApiProperty({ nullable: true, example: null })
  parentName: string | null;

  @ApiProperty({ nullable: true, description: 'The active connection, if any' })
  activeConnectionId: string | null;

  @ApiProperty()
  createdAt: string;
}

export class AliasDetailDto extends AliasResponseDto {
  @ApiProperty({ type: [ConnectionResponseDto] })
  connections: ConnectionResponseDto[];

  @ApiProperty({ type: [AliasResponseDto] })
  children: AliasResponseDto[];
}
