import { Spoke, SpokeProfile } from '../spoke';

export const JIRA_SPOKE: SpokeProfile = {
  name: Spoke.Jira,
  title: 'Jira',
  parentAlias: 'Jira',
  // The classic scopes of x-atlassian-oauth2-scopes for the spoke's operations (issues, comments,
  // transitions, watchers: *:jira-work; users: read:jira-user; groups, statuses:
  // manage:jira-configuration), then Atlassian's account scopes.
  defaultScopes: [
    'read:jira-user',
    'read:jira-work',
    'write:jira-work',
    'manage:jira-configuration',
    'read:me',
    'read:account',
    'offline_access',
  ],
};
