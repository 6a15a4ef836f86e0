import type { AnySpokeAction } from '../../action-definition';
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
