import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AliasResolverService } from '../aliases/alias-resolver.service';
import { HubError, HubErrorCode } from '../common/hub-error';
import { CredentialType } from '../credentials/credential-type';
import { ExecutionEntity } from '../executions/execution.entity';
import { ExecutionsService } from '../executions/executions.service';
import { toStoredJson } from '../executions/stored-json';
import type { HubIdentity } from '../identity/hub-identity';
import { MetricsService } from '../metrics/metrics.service';
import { OAuthTokenService } from '../oauth/oauth-token.service';
import { ClientCredentialsTokenService } from '../oauth/client-credentials-token.service';
import { ActionCatalog } from './action-catalog';
import { applyConnectionAttributes, hasAttributeReferences } from './connection-attribute-inputs';
import type { AnySpokeAction } from './action-definition';
import { RateLimitGate } from './runtime/rate-limit-gate';
import { UpstreamCall, UpstreamClient, UpstreamError } from './runtime/upstream-client';

export type ExecutionResult =
  | { status: 'success'; executionId: string; outputs: unknown }
  | {
      status: 'error';
      executionId: string;
      error: UpstreamFailure;
    };

/** What an execution whose record failed still tells its caller: what its answer would have. */
export type ExecutionOutcome =
  { status: 'success'; outputs: unknown } | { status: 'error'; error: UpstreamFailure };

/** Why Atlassian failed: `details` is its own error fields, or null when it sent none we can read. */
export interface UpstreamFailure {
  httpStatus: number | null;
  message: string;
  details: unknown;
}

@Injectable()
export class ActionsService {
  constructor(
    private readonly catalog: ActionCatalog,
    private readonly resolver: AliasResolverService,
    private readonly executions: ExecutionsService,
    private readonly gate: RateLimitGate,
    private readonly oauthTokens: OAuthTokenService,
    private readonly metrics: MetricsService,
    private readonly serviceAccountTokens: ClientCredentialsTokenService,
  ) {}

  /**
   * Validates, resolves the alias, runs the action and records the execution. Atlassian's failures
   * come back as an error result (502); the hub's own refusals (bad inputs, unknown alias, missing
   * scopes) are HubErrors (4xx), recorded too once the inputs are valid.
   */
  async executeAction(
    name: string,
    aliasName: string,
    rawInputs: Record<string, unknown>,
    identity: HubIdentity,
    requestId?: string,
  ): Promise<ExecutionResult> {
    const { action: catalogued } = this.catalog.find(name);
    // Resolved before the inputs are checked, so that the schema sees the connection's attribute
    // values. A failed resolution is the execution's outcome, as ever, once the inputs are valid.
    const resolution = await this.resolver.resolveConnection(aliasName).then(
      (resolved) => ({ resolved, failure: undefined }),
      (failure: unknown) => ({ resolved: undefined, failure }),
    );
    const inputs =
      // Without a connection a reference has no value: the resolution's failure says why.
      resolution.resolved === undefined && hasAttributeReferences(rawInputs)
        ? rawInputs
        : this.catalog.validateInputs(
            name,
            resolution.resolved
              ? applyConnectionAttributes(
                  catalogued.inputSchema,
                  rawInputs,
                  resolution.resolved.connection.attributes,
                  resolution.resolved.connection.name,
                )
              : rawInputs,
          );
    // An action that runs any documented operation checks its inputs against that operation
    // here, before anything is sent or recorded, and takes on the operation's scopes.
    const planned =
      resolution.resolved === undefined && hasAttributeReferences(rawInputs)
        ? undefined
        : catalogued.operationParts?.plan(inputs as never);
    const action: AnySpokeAction = planned
      ? {
          ...catalogued,
          name: planned.label,
          scopes: planned.scopes,
          operations: planned.operations,
        }
      : catalogued;
    const execution = new ExecutionEntity();
    execution.id = randomUUID();
    execution.action = name;
    execution.alias = aliasName;
    execution.connectionId = null;
    execution.actor = identity.name;
    execution.requestId = requestId ?? null;
    execution.inputs = toStoredJson(inputs);
    execution.startedAt = new Date();
    let calls: UpstreamCall[] = [];
    let outputs: unknown;
    try {
      if (!resolution.resolved) throw resolution.failure;
      const { alias, connection, credential, credentialType } = resolution.resolved;
      execution.connectionId = connection.id;
      if (alias.spoke !== action.spoke) {
        throw new HubError(
          HubErrorCode.WrongSpoke,
          `alias "${aliasName}" belongs to the ${alias.spoke} spoke; ${name} needs a ${action.spoke} alias`,
          [{ field: 'alias', rule: 'spoke', message: `alias must be a ${action.spoke} alias` }],
        );
      }
      if (credentialType === CredentialType.OAuth2) {
        assertScopes(action, connection.scopes, connection.name);
        const granted = await this.oauthTokens.grantedScopesOf(connection.id);
        if (granted) assertGrantedScopes(action, granted, connection.name);
      }
      if (credentialType === CredentialType.ClientCredentials) {
        // The account's scopes are set at admin.atlassian.com, not asked for: its token is checked.
        const granted = await this.serviceAccountTokens.grantedScopesOf(connection.credentialId);
        if (granted) assertGrantedScopes(action, granted, connection.name, 'service-account');
      }
      const upstream = new UpstreamClient(
        await this.resolver.createClient(connection, credential),
        {
          connectionId: connection.id,
          site: connection.url,
          // Atlassian counts quotas per OAuth app: every credential with its client id shares one.
          app: credential.clientId
            ? `client:${credential.clientId}`
            : `credential:${credential.id}`,
        },
        connection,
        this.gate,
        action.operations,
      );
      calls = upstream.calls;
      outputs = await action.run(
        { call: (request) => upstream.call(request), apiRoot: apiRootOf(connection.url) },
        inputs as never,
      );
    } catch (error) {
      const failure: UpstreamFailure =
        error instanceof UpstreamError
          ? upstreamFailureOf(error, action)
          : error instanceof HubError
            ? { httpStatus: null, message: error.message, details: error.details ?? null }
            : { httpStatus: null, message: 'The action failed inside the hub', details: null };
      this.finish(execution, action.spoke, 'error', calls, { error: failure });
      // An answer without an execution id (the hub's own unexpected failure, a 500 with a
      // correlation id) keeps its cause when the row cannot be stored: the log names the row.
      const recorded = this.record(execution, calls.length, { status: 'error', error: failure });
      if (!(error instanceof UpstreamError) && !(error instanceof HubError)) {
        await recorded.catch(() => undefined);
        throw error;
      }
      await recorded;
      // Atlassian's token endpoint failing (unreachable, no answer) is Atlassian failing too: the
      // same 502 result as an API call that failed, not a hub refusal.
      if (error instanceof UpstreamError || error.code === HubErrorCode.UpstreamFailed) {
        return { status: 'error', executionId: execution.id, error: failure };
      }
      throw new HubError(error.code, error.message, error.fieldErrors, {
        ...error.details,
        executionId: execution.id,
      });
    }
    this.finish(execution, action.spoke, 'success', calls, { outputs });
    await this.record(execution, calls.length, { status: 'success', outputs });
    return { status: 'success', executionId: execution.id, outputs };
  }

  /**
   * An answer names its execution only once the execution is committed: the history is an audit
   * trail. When the database does not take the row, the action has still run (and may have
   * changed something in Atlassian), so the answer says so and carries the outcome instead of
   * looking like a failure that is safe to repeat.
   */
  private async record(
    execution: ExecutionEntity,
    calls: number,
    outcome: ExecutionOutcome,
  ): Promise<void> {
    try {
      await this.executions.recordExecution(execution);
    } catch {
      const sent =
        calls === 0
          ? 'Nothing was sent to Atlassian.'
          : `It sent ${calls} request${calls === 1 ? '' : 's'} to Atlassian: check what changed there before repeating it.`;
      throw new HubError(
        HubErrorCode.ExecutionNotRecorded,
        `${execution.action} ran, but its execution could not be recorded in the history (the database did not commit it); its outcome is in this answer and in the hub's log under this executionId. ${sent}`,
        [],
        { executionId: execution.id, outcome },
      );
    }
  }

  private finish(
    execution: ExecutionEntity,
    spoke: string,
    status: 'success' | 'error',
    calls: UpstreamCall[],
    result: { outputs?: unknown; error?: unknown },
  ): void {
    execution.status = status;
    execution.upstream = toStoredJson(calls);
    execution.outputs = result.outputs === undefined ? null : toStoredJson(result.outputs);
    execution.error = result.error === undefined ? null : toStoredJson(result.error);
    execution.finishedAt = new Date();
    execution.durationMs = execution.finishedAt.getTime() - execution.startedAt.getTime();
    this.metrics.executionRecorded({
      action: execution.action,
      spoke,
      status,
      connectionId: execution.connectionId,
      calls,
    });
  }
}

// Connection URLs are few and executions many: parse each once.
const apiRoots = new Map<string, string>();

/** `https://api.atlassian.com` for `https://api.atlassian.com/ex/jira/<cloud-id>`. */
function apiRootOf(connectionUrl: string): string {
  let root = apiRoots.get(connectionUrl);
  if (root === undefined) {
    root = new URL(connectionUrl).origin;
    if (apiRoots.size >= 1000) apiRoots.clear();
    apiRoots.set(connectionUrl, root);
  }
  return root;
}

/**
 * A 403 after the hub's own scope checks: the token (an OAuth grant, a scoped API token) lacks a
 * scope Atlassian wants, or the account lacks a permission. The answer names the scopes the action
 * declares so that an admin knows what to grant.
 */
function upstreamFailureOf(error: UpstreamError, action: AnySpokeAction): UpstreamFailure {
  let message = error.message;
  if (error.httpStatus === 403 && action.scopes.classic.length > 0) {
    const granular = action.scopes.granular.length
      ? ` (or the granular ${action.scopes.granular.join(', ')})`
      : '';
    message += `. ${action.name} needs the scopes ${action.scopes.classic.join(', ')}${granular}; with a Basic credential, the account needs the permission on the site instead`;
  }
  return { httpStatus: error.httpStatus, message, details: error.details };
}

/** An OAuth grant only covers the scopes asked for: fail before calling rather than get a 403. */
function assertScopes(action: AnySpokeAction, scopes: string[], connectionName: string): void {
  assertHeld(
    action,
    scopes,
    (missing) =>
      `Connection "${connectionName}" lacks the OAuth scopes ${action.name} needs: ${missing.join(', ')} (or the granular ${action.scopes.granular.join(', ')}); add them to the connection and get a new OAuth token`,
  );
}

/**
 * The token is what Atlassian checks: an OAuth connection may ask for scopes its token was not
 * granted (edited since, or the account consented to fewer), and a service account's token holds
 * what its credential was given at admin.atlassian.com.
 */
function assertGrantedScopes(
  action: AnySpokeAction,
  granted: string[],
  connectionName: string,
  kind: 'oauth' | 'service-account' = 'oauth',
): void {
  const remedy =
    kind === 'oauth'
      ? 'the connection asks for them, so an admin must use Save and Get OAuth Token to get a token with them'
      : "add them to the service account's OAuth 2.0 credential at admin.atlassian.com (the next token carries them)";
  const token = kind === 'oauth' ? 'OAuth token' : 'service account token';
  assertHeld(
    action,
    granted,
    (missing) =>
      `The ${token} of connection "${connectionName}" was granted without the scopes ${action.name} needs: ${missing.join(', ')}; ${remedy}`,
    { grantedScopes: granted },
  );
}

/** Refuses with missing_scopes unless `held` covers the action's classic or granular scopes. */
function assertHeld(
  action: AnySpokeAction,
  held: string[],
  messageFor: (missing: string[]) => string,
  details: Record<string, unknown> = {},
): void {
  const has = (scopes: string[]) => scopes.every((scope) => held.includes(scope));
  if (has(action.scopes.classic)) return;
  if (action.scopes.granular.length > 0 && has(action.scopes.granular)) return;
  const missing = action.scopes.classic.filter((scope) => !held.includes(scope));
  throw new HubError(HubErrorCode.MissingScopes, messageFor(missing), [], {
    missingScopes: missing,
    ...details,
  });
}
