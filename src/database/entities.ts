import { AliasEntity } from '../aliases/alias.entity';
import { ConnectionEntity } from '../connections/connection.entity';
import { CredentialEntity } from '../credentials/credential.entity';
import { ApiTokenEntity } from '../identity/api-token.entity';
import { UserEntity } from '../identity/user.entity';
import { ExecutionEntity } from '../executions/execution.entity';
import { InitialSchema1763900000000 } from './migrations/1763900000000-initial-schema';
import { Executions1763990000000 } from './migrations/1763990000000-executions';
import { OAuthGrants1764200000000 } from './migrations/1764200000000-oauth-grants';
import { OAuthStateEntity } from '../oauth/oauth-state.entity';
import { OAuthGrantEntity } from '../oauth/oauth-grant.entity';
import { ConnectionGrantEntity } from '../oauth/connection-grant.entity';
import { BrowserSessionEntity } from '../identity/browser-session.entity';
import { SignInFailureEntity } from '../identity/sign-in-failure.entity';
import { ConsoleSessions1764300000000 } from './migrations/1764300000000-console-sessions';
import { ConnectionRateLimits1764400000000 } from './migrations/1764400000000-connection-rate-limits';
import { SignInPairs1796325119529145 } from './migrations/1796325119529145-sign-in-pairs';
import { ExecutionRequestIds1796326989268417 } from './migrations/1796326989268417-execution-request-ids';
import { UserPasswordChange1796326989269583 } from './migrations/1796326989269583-user-password-change';
import { ClientCredentialsTokens1796400100000000 } from './migrations/1796400100000000-client-credentials-tokens';
import { ClientCredentialsTokenEntity } from '../oauth/client-credentials-token.entity';
import { RateLimitHolds1796400200000000 } from './migrations/1796400200000000-rate-limit-holds';
import { ExecutionHistoryIndexes1796400300000000 } from './migrations/1796400300000000-execution-history-indexes';
import { SiteNames1796400500000000 } from './migrations/1796400500000000-site-names';
import { SiteEntity } from '../connections/site.entity';
import { ConnectionAttributes1796400700000000 } from './migrations/1796400700000000-connection-attributes';

export const ENTITIES = [
  UserEntity,
  ApiTokenEntity,
  CredentialEntity,
  AliasEntity,
  ConnectionEntity,
  ExecutionEntity,
  OAuthGrantEntity,
  ConnectionGrantEntity,
  OAuthStateEntity,
  BrowserSessionEntity,
  SignInFailureEntity,
  ClientCredentialsTokenEntity,
  SiteEntity,
];

/** In order; listed by hand so the compiled app and the tests run exactly the same migrations. */
export const MIGRATIONS = [
  InitialSchema1763900000000,
  Executions1763990000000,
  OAuthGrants1764200000000,
  ConsoleSessions1764300000000,
  ConnectionRateLimits1764400000000,
  SignInPairs1796325119529145,
  ExecutionRequestIds1796326989268417,
  UserPasswordChange1796326989269583,
  ClientCredentialsTokens1796400100000000,
  RateLimitHolds1796400200000000,
  ExecutionHistoryIndexes1796400300000000,
  SiteNames1796400500000000,
  ConnectionAttributes1796400700000000,
];
