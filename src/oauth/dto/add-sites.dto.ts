import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID } from 'class-validator';

export class AddSitesDto {
  @ApiProperty({ type: [String], description: 'Cloud ids among the other sites of the grant' })
  @IsArray()
  @ArrayMinSize(1, { message: 'cloudIds must name at least one site' })
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'each of cloudIds must be a cloud id (UUID)' })
  cloudIds: string[];
}

export class AddedSiteDto {
  @ApiProperty() cloudId: string;
  @ApiProperty() siteName: string;
  @ApiProperty() aliasId: string;
  @ApiProperty() aliasName: string;
  @ApiProperty() connectionId: string;
  @ApiProperty() connectionName: string;
}

export class MoveConnectionsDto {
  @ApiProperty({ type: [String], description: 'Connections to move to this connection’s grant' })
  @IsArray()
  @ArrayMinSize(1, { message: 'connectionIds must name at least one connection' })
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true, message: 'each of connectionIds must be a connection id (UUID)' })
  connectionIds: string[];
}
