import { Spoke } from '../aliases/spoke';

/**
 * Atlassian's account scopes: not operations of the Jira APIs, so they are not in the Jira OpenAPI
 * files. `offline_access` is what makes Atlassian issue a refresh token.
 */
export const ATLASSIAN_ACCOUNT_SCOPES = ['read:me', 'read:account', 'offline_access'] as const;

/**
 * The scopes each spoke's connections get by default and get back on every edit. The Jira scopes
 * are the classic scopes the spoke's operations declare in x-atlassian-oauth2-scopes of
 * ../shared/atlassian-openapi; a test checks each one is there.
 */
export const DEFAULT_SCOPES: Record<Spoke, readonly string[]> = {
  // The list ServiceNow's Jira Service Management spoke ships, in its order.
  [Spoke.Jsm]: [
    'read:jira-user',
    'read:servicedesk-request',
    'write:servicedesk-request',
    'manage:servicedesk-customer',
    'read:jira-work',
    'read:me',
    'read:account',
    'offline_access',
  ],
  [Spoke.Jira]: [
    'read:jira-user',
    'read:jira-work',
    'write:jira-work',
    'manage:jira-configuration',
    'read:me',
    'read:account',
    'offline_access',
  ],
  // Organization admin APIs take an org-admin API key (bearer), never a 3LO grant.
  [Spoke.AtlassianAdmin]: [],
};
