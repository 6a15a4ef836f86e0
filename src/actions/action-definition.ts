import { Spoke } from '../spokes/spoke';
import type { UpstreamRequest, UpstreamResponse } from './runtime/upstream-client';

/** Which published OpenAPI description an operation belongs to (files in ../shared/atlassian-openapi). */
export type AtlassianApi = 'jira-platform' | 'jira-servicedesk' | 'atlassian-admin';

export interface OperationRef {
  api: AtlassianApi;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The path template exactly as in the OpenAPI description, e.g. `/rest/api/3/user`. */
  path: string;
}

export interface ActionScopes {
  /** Classic scopes (e.g. `manage:servicedesk-customer`). */
  classic: string[];
  /** Granular scopes (e.g. `write:customer:jira-service-management`). */
  granular: string[];
}

/** What a running action may do: call Atlassian through the resolved connection. */
export interface ActionContext {
  call<T = unknown>(request: UpstreamRequest): Promise<UpstreamResponse<T>>;
  /** Origin of the connection URL (`https://api.atlassian.com`): the admin APIs live at its root. */
  readonly apiRoot?: string;
}

/** A JSON Schema (draft 2020-12 subset as Ajv reads it) describing an object. */
export type JsonSchemaObject = { type: 'object' } & Record<string, unknown>;

/**
 * A spoke action. The input schema is the one source for both validation and the published
 * schema: the catalog compiles its validator from it, so `run` only ever sees inputs that match.
 */
export interface SpokeAction<TInput = Record<string, unknown>, TOutput = unknown> {
  name: string;
  spoke: Spoke;
  title: string;
  description: string;
  inputSchema: JsonSchemaObject;
  outputSchema: JsonSchemaObject;
  scopes: ActionScopes;
  operations: OperationRef[];
  example: Record<string, unknown>;
  run(context: ActionContext, inputs: TInput): Promise<TOutput>;
}

/**
 * What one execution of an action that runs any documented operation (`jira.operation`) will do:
 * the operation's scopes and reference, known only once its inputs name the operation.
 */
export interface PlannedOperation {
  /** Names the action and its operation in errors (`jira.operation getIssue`). */
  label: string;
  scopes: ActionScopes;
  operations: OperationRef[];
}

/** One operation of an operation table, as `GET /api/actions/:name/operations` lists it. */
export interface OperationListing {
  operationId: string;
  method: string;
  path: string;
  experimental: boolean;
  scopes: ActionScopes;
  parameters: Array<{ name: string; in: string; required: boolean; schema: unknown }>;
  body: { required: boolean; mediaTypes: string[]; schema: unknown } | null;
}

/** Extra parts of an action whose operation is an input rather than fixed. */
export interface OperationActionParts<TInput> {
  /**
   * Checks the inputs against the named operation before anything is resolved or sent (a
   * HubError naming the field and rule otherwise), and says what the execution needs.
   */
  plan(inputs: TInput): PlannedOperation;
  /** The operations it can run, filtered by a case-insensitive text (id, method or path). */
  listOperations(search?: string): OperationListing[];
}

export type AnySpokeAction = SpokeAction<never, unknown> & {
  operationParts?: OperationActionParts<never>;
};

export function defineAction<TInput, TOutput>(
  action: SpokeAction<TInput, TOutput> & { operationParts?: OperationActionParts<TInput> },
): AnySpokeAction {
  return action;
}
