import { COMMENTED_ISSUE } from '../fake-atlassian/jira-issue-routes';

/**
 * The runs of the Jira issue work actions (issue 13) beyond their examples, for the spec-validity
 * test (test/actions-spec.e2e-spec.ts): each names the operations that show it took the branch.
 * They run after every example, against the same fake.
 */
export const JIRA_ISSUE_BRANCHES: Array<{
  action: string;
  what: string;
  inputs: Record<string, unknown>;
  sends: Record<string, number>;
}> = [
  {
    action: 'jira.create_issue',
    what: 'by issue type name, with other fields: reads the create metadata first',
    inputs: {
      projectKey: 'HSP',
      issueType: 'Story',
      summary: 'Payroll export fails for night shifts',
      fields: { duedate: '2026-02-01', customfield_10042: 'Night shift pay is late' },
    },
    sends: {
      'GET /rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes': 1,
      'GET /rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}': 1,
      'POST /rest/api/3/issue': 1,
    },
  },
  {
    action: 'jira.update_issue',
    what: 'a description, without notifying watchers',
    inputs: { issueIdOrKey: 'P001-3', description: 'Moved to the new rack.', notifyUsers: false },
    sends: { 'PUT /rest/api/3/issue/{issueIdOrKey}': 1 },
  },
  {
    action: 'jira.delete_issue',
    what: 'with its subtasks',
    inputs: { issueIdOrKey: 'P001-4', deleteSubtasks: true },
    sends: { 'DELETE /rest/api/3/issue/{issueIdOrKey}': 1 },
  },
  {
    action: 'jira.list_issue_transitions',
    what: 'without screen fields',
    inputs: { issueIdOrKey: 'P001-3' },
    sends: { 'GET /rest/api/3/issue/{issueIdOrKey}/transitions': 1 },
  },
  {
    action: 'jira.transition_issue',
    what: 'without fields or a comment',
    inputs: { issueIdOrKey: 'P001-3', transitionId: '21' },
    sends: { 'POST /rest/api/3/issue/{issueIdOrKey}/transitions': 1 },
  },
  {
    action: 'jira.add_issue_comment',
    what: 'visible to a project role',
    inputs: { issueIdOrKey: 'P001-3', body: 'For developers only.', visibleToRole: 'Developers' },
    sends: { 'POST /rest/api/3/issue/{issueIdOrKey}/comment': 1 },
  },
  {
    action: 'jira.add_issue_comment',
    what: 'visible to a group by ID',
    inputs: {
      issueIdOrKey: 'P001-3',
      body: 'For the software users.',
      visibleToGroupId: '276f955c-63d7-42c8-9520-92d01dca0625',
    },
    sends: { 'POST /rest/api/3/issue/{issueIdOrKey}/comment': 1 },
  },
  {
    action: 'jira.list_issue_comments',
    what: 'fetchAll follows every page, oldest first',
    inputs: { issueIdOrKey: COMMENTED_ISSUE.key, maxResults: 10, fetchAll: true },
    sends: { 'GET /rest/api/3/issue/{issueIdOrKey}/comment': 3 },
  },
  {
    action: 'jira.assign_issue',
    what: 'unassigns',
    inputs: { issueIdOrKey: 'P001-1', unassign: true },
    sends: { 'PUT /rest/api/3/issue/{issueIdOrKey}': 1 },
  },
  {
    action: 'jira.delete_group',
    what: 'by groupId, moving restrictions to another group',
    inputs: {
      groupId: '7f2d9c1b-3e4a-4b5c-8d7e-6f1a2b3c4d55',
      swapGroupId: '276f955c-63d7-42c8-9520-92d01dca0625',
    },
    sends: { 'DELETE /rest/api/3/group': 1 },
  },
  {
    action: 'jira.get_create_fields',
    // Ten fields fit in one page of the largest size, which fetchAll asks for.
    what: 'fetchAll asks for the largest page',
    inputs: { projectKey: 'HSP', issueTypeId: '10001', maxResults: 1, fetchAll: true },
    sends: { 'GET /rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}': 1 },
  },
  {
    action: 'jira.list_issue_types',
    what: "a project's, fetchAll",
    inputs: { projectKey: 'HSP', maxResults: 1, fetchAll: true },
    sends: { 'GET /rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes': 1 },
  },
  {
    action: 'jira.list_issue_types',
    what: "without a project, the site's",
    inputs: {},
    sends: { 'GET /rest/api/3/issuetype': 1 },
  },
];
