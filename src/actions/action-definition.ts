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

export type AnySpokeAction = SpokeAction<never, unknown>;

export function defineAction<TInput, TOutput>(
  action: SpokeAction<TInput, TOutput>,
): AnySpokeAction {
  return action;
}
