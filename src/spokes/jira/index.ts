import type { AnySpokeAction } from '../../actions/action-definition';
import type { SpokeDefinition } from '../spoke';
import { JIRA_SPOKE } from './spoke';
import { addUserToGroup } from './add-user-to-group.action';
import { createIssue } from './create-issue.action';
import { findGroups } from './find-groups.action';
import { getGroupMembers } from './get-group-members.action';
import { getIssue } from './get-issue.action';
import { getMyself } from './get-myself.action';
import { getProjectRoles } from './get-project-roles.action';
import { getUser } from './get-user.action';
import { removeUserFromGroup } from './remove-user-from-group.action';
import { searchIssues } from './search-issues.action';
import { searchProjects } from './search-projects.action';
import { searchUsers } from './search-users.action';

// Each action is one file beside this one, imported above and named once here.
export const JIRA_ACTIONS: AnySpokeAction[] = [
  getMyself,
  getUser,
  searchUsers,
  getGroupMembers,
  findGroups,
  addUserToGroup,
  removeUserFromGroup,
  createIssue,
  getIssue,
  searchIssues,
  searchProjects,
  getProjectRoles,
];

export const JIRA: SpokeDefinition = { ...JIRA_SPOKE, actions: JIRA_ACTIONS };
