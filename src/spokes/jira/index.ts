import type { AnySpokeAction } from '../../actions/action-definition';
import type { SpokeDefinition } from '../spoke';
import { JIRA_SPOKE } from './spoke';
import { addIssueComment } from './add-issue-comment.action';
import { addUserToGroup } from './add-user-to-group.action';
import { addWatcher } from './add-watcher.action';
import { assignIssue } from './assign-issue.action';
import { createGroup } from './create-group.action';
import { createIssue } from './create-issue.action';
import { deleteGroup } from './delete-group.action';
import { deleteIssue } from './delete-issue.action';
import { findGroups } from './find-groups.action';
import { getCreateFields } from './get-create-fields.action';
import { getGroupMembers } from './get-group-members.action';
import { getIssue } from './get-issue.action';
import { getMyself } from './get-myself.action';
import { getProjectRoles } from './get-project-roles.action';
import { getUser } from './get-user.action';
import { listIssueComments } from './list-issue-comments.action';
import { listIssueTransitions } from './list-issue-transitions.action';
import { listIssueTypes } from './list-issue-types.action';
import { listPriorities } from './list-priorities.action';
import { listStatuses } from './list-statuses.action';
import { listWatchers } from './list-watchers.action';
import { removeUserFromGroup } from './remove-user-from-group.action';
import { removeWatcher } from './remove-watcher.action';
import { searchIssues } from './search-issues.action';
import { searchProjects } from './search-projects.action';
import { searchUsers } from './search-users.action';
import { transitionIssue } from './transition-issue.action';
import { updateIssue } from './update-issue.action';

// Each action is one file beside this one, imported above and named once here.
export const JIRA_ACTIONS: AnySpokeAction[] = [
  getMyself,
  getUser,
  searchUsers,
  getGroupMembers,
  findGroups,
  addUserToGroup,
  removeUserFromGroup,
  createGroup,
  deleteGroup,
  createIssue,
  getIssue,
  searchIssues,
  updateIssue,
  deleteIssue,
  listIssueTransitions,
  transitionIssue,
  addIssueComment,
  listIssueComments,
  assignIssue,
  addWatcher,
  removeWatcher,
  listWatchers,
  getCreateFields,
  listIssueTypes,
  listPriorities,
  listStatuses,
  searchProjects,
  getProjectRoles,
];

export const JIRA: SpokeDefinition = { ...JIRA_SPOKE, actions: JIRA_ACTIONS };
