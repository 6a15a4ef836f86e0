import { IsUUID } from 'class-validator';
import { OptionalField } from '../../common/validation';

export class ListConnectionsQueryDto {
  @OptionalField()
  @IsUUID('all', { message: 'aliasId must be a UUID' })
  aliasId?: string;
}
