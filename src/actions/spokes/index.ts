import type { AnySpokeAction } from '../action-definition';
import { ATLASSIAN_ADMIN_ACTIONS } from './atlassian-admin';
import { JIRA_ACTIONS } from './jira';
import { JSM_ACTIONS } from './jsm';

export const ALL_SPOKE_ACTIONS: AnySpokeAction[] = [
  ...JIRA_ACTIONS,
  ...JSM_ACTIONS,
  ...ATLASSIAN_ADMIN_ACTIONS,
];
