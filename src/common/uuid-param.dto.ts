import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class UuidParamDto {
  @ApiProperty({ format: 'uuid', example: '3f1c2a9e-8d4b-4c5e-9a7f-1b2c3d4e5f60' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}
