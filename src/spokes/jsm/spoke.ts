import { Spoke, SpokeProfile } from '../spoke';

export const JSM_SPOKE: SpokeProfile = {
  name: Spoke.Jsm,
  title: 'Jira Service Management',
  parentAlias: 'Jira_SM',
  // The list ServiceNow's Jira Service Management spoke ships, in its order. It covers the whole
  // request lifecycle: requests, comments, transitions, participants, approvals
  // (*:servicedesk-request), customers and organizations (manage:servicedesk-customer), SLAs and
  // queues (read:jira-work).
  defaultScopes: [
    'read:jira-user',
    'read:servicedesk-request',
    'write:servicedesk-request',
    'manage:servicedesk-customer',
    'read:jira-work',
    'read:me',
    'read:account',
    'offline_access',
  ],
};
