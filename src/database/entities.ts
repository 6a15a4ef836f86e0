import { AliasEntity } from '../aliases/alias.entity';
import { ConnectionEntity } from '../connections/connection.entity';
import { CredentialEntity } from '../credentials/credential.entity';
import { ApiTokenEntity } from '../identity/api-token.entity';
import { UserEntity } from '../identity/user.entity';
import { InitialSchema1763900000000 } from './migrations/1763900000000-initial-schema';

export const ENTITIES = [
  UserEntity,
  ApiTokenEntity,
  CredentialEntity,
  AliasEntity,
  ConnectionEntity,
];

/** In order; listed by hand so the compiled app and the tests run exactly the same migrations. */
export const MIGRATIONS = [InitialSchema1763900000000];
