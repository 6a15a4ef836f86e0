import { ConnectionIdentityFieldsDto } from './connection-fields.dto';

/**
 * Every field optional; a PATCH without `scopes` puts the spoke's default scopes back, unless it
 * sets `attributes` and nothing else.
 */
export class UpdateConnectionDto extends ConnectionIdentityFieldsDto {}
