import type { OperationRef } from '../action-definition';
import type { RequestTarget } from './rate-limit-gate';
import type { UpstreamRequest } from './upstream-client';

/** Who a request goes out as: the connection, its site and the app its credential belongs to. */
export interface UpstreamSubject {
  connectionId: string;
  site: string;
  app: string;
}

// The names Atlassian's descriptions give a path parameter that holds an issue id or key.
const ISSUE_PARAMETERS = ['issueIdOrKey', 'issueId', 'issueKey'];

/**
 * The request's place in Atlassian's limits. Its endpoint is the path template of the action's
 * operation it matches (`PUT /rest/api/3/issue/{issueIdOrKey}`), so that a burst limit on one
 * issue's URL holds back the same operation on every issue; a request that matches none of the
 * action's operations is its own endpoint. A write whose template names an issue parameter names
 * that issue, so a new action on an issue is covered without a line of its own.
 */
export function targetOf(
  request: UpstreamRequest,
  subject: UpstreamSubject,
  operations: readonly OperationRef[] = [],
): RequestTarget {
  const segments = pathSegmentsOf(request.path);
  for (const operation of operations) {
    if (operation.method !== request.method) continue;
    const params = match(operation.path, segments);
    if (!params) continue;
    const issue = ISSUE_PARAMETERS.map((name) => params[name]).find(Boolean);
    return {
      ...subject,
      method: request.method,
      endpoint: `${request.method} ${operation.path}`,
      ...(issue !== undefined && request.method !== 'GET' ? { issue } : {}),
    };
  }
  return {
    ...subject,
    method: request.method,
    endpoint: `${request.method} /${segments.join('/')}`,
  };
}

function pathSegmentsOf(path: string): string[] {
  let pathname = path.split('?')[0];
  if (/^https?:\/\//i.test(pathname)) {
    try {
      pathname = new URL(pathname).pathname;
    } catch {
      // kept as it is
    }
  }
  return pathname.split('/').filter((segment) => segment !== '');
}

/**
 * The template's parameters when the path ends with it (an absolute URL may carry a prefix such
 * as `/ex/jira/<cloud-id>`); undefined when it does not match.
 */
function match(template: string, segments: string[]): Record<string, string> | undefined {
  const parts = template.split('/').filter((part) => part !== '');
  if (parts.length > segments.length) return undefined;
  const tail = segments.slice(segments.length - parts.length);
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const parameter = /^\{(.+)\}$/.exec(parts[i]);
    let segment = tail[i];
    try {
      segment = decodeURIComponent(segment);
    } catch {
      // a malformed escape is compared as sent
    }
    if (parameter) params[parameter[1]] = segment;
    else if (parts[i] !== segment) return undefined;
  }
  return params;
}
