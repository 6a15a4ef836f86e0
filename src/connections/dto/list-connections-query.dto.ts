import { IsOptional, IsUUID } from 'class-validator';

export class ListConnectionsQueryDto {
  @IsOptional()
  @IsUUID('all', { message: 'aliasId must be a UUID' })
  aliasId?: string;
}
