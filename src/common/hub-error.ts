export enum HubErrorCode {
  InvalidInput = 'invalid_input',
  Unauthenticated = 'unauthenticated',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  NameTaken = 'name_taken',
  CredentialInUse = 'credential_in_use',
  AliasHasChildren = 'alias_has_children',
  AliasHasConnections = 'alias_has_connections',
  NoActiveConnection = 'no_active_connection',
  CredentialMissing = 'credential_missing',
  /** Atlassian refused the credential being saved (token endpoint or the site): nothing was saved. */
  CredentialRefused = 'credential_refused',
  MissingScopes = 'missing_scopes',
  WrongSpoke = 'wrong_spoke',
  HostNotAllowed = 'host_not_allowed',
  UpstreamFailed = 'upstream_failed',
  SecretUnreadable = 'secret_unreadable',
  OAuthReauthorizationRequired = 'oauth_reauthorization_required',
  NotOAuthConnection = 'not_oauth_connection',
  ConnectionWithoutSite = 'connection_without_site',
  LastAdmin = 'last_admin',
  TooManyAttempts = 'too_many_attempts',
  SelfDeletion = 'self_deletion',
  ConcurrentChange = 'concurrent_change',
  /** The action ran but its execution could not be committed to the history. */
  ExecutionNotRecorded = 'execution_not_recorded',
}

export interface FieldError {
  field: string;
  rule: string;
  message: string;
}

/** A domain failure with a code; HubErrorFilter maps each code to one HTTP status. */
export class HubError extends Error {
  constructor(
    readonly code: HubErrorCode,
    message: string,
    readonly fieldErrors: FieldError[] = [],
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  static invalid(field: string, rule: string, message: string): HubError {
    return new HubError(HubErrorCode.InvalidInput, message, [{ field, rule, message }]);
  }

  static invalidFields(errors: FieldError[]): HubError {
    return new HubError(
      HubErrorCode.InvalidInput,
      errors.map((error) => error.message).join('; '),
      errors,
    );
  }

  static notFound(what: string): HubError {
    return new HubError(HubErrorCode.NotFound, `${what} not found`);
  }

  /** The same error with its fields named under `prefix` (`name` -> `credential.name`). */
  withFieldPrefix(prefix: string): HubError {
    return new HubError(
      this.code,
      this.message,
      this.fieldErrors.map((error) => ({ ...error, field: `${prefix}.${error.field}` })),
      this.details,
    );
  }
}

/** Runs one part of a combined form or request and names its field errors after that part. */
export async function inPart<T>(part: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof HubError ? error.withFieldPrefix(part) : error;
  }
}

export function httpStatusOf(code: HubErrorCode): number {
  switch (code) {
    case HubErrorCode.InvalidInput:
    case HubErrorCode.WrongSpoke:
      return 400;
    case HubErrorCode.Unauthenticated:
      return 401;
    case HubErrorCode.Forbidden:
      return 403;
    case HubErrorCode.NotFound:
      return 404;
    case HubErrorCode.NameTaken:
    case HubErrorCode.CredentialInUse:
    case HubErrorCode.AliasHasChildren:
    case HubErrorCode.AliasHasConnections:
    case HubErrorCode.NoActiveConnection:
    case HubErrorCode.CredentialMissing:
    case HubErrorCode.CredentialRefused:
    case HubErrorCode.MissingScopes:
    case HubErrorCode.HostNotAllowed:
    case HubErrorCode.OAuthReauthorizationRequired:
    case HubErrorCode.NotOAuthConnection:
    case HubErrorCode.ConnectionWithoutSite:
    case HubErrorCode.LastAdmin:
    case HubErrorCode.SelfDeletion:
    case HubErrorCode.ConcurrentChange:
      return 409;
    case HubErrorCode.TooManyAttempts:
      return 429;
    case HubErrorCode.UpstreamFailed:
      return 502;
    case HubErrorCode.SecretUnreadable:
    case HubErrorCode.ExecutionNotRecorded:
      return 500;
    default:
      return unreachable(code);
  }
}

/** Makes a switch over an enum exhaustive: a new member that is not handled fails to compile. */
export function unreachable(value: never): never {
  throw new Error(`Unhandled value: ${String(value)}`);
}
