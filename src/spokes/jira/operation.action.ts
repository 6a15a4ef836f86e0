import { resolve } from 'node:path';
import { Spoke } from '../spoke';
import { OperationTable, operationAction } from '../operation-action';

export const JIRA_OPERATIONS = new OperationTable(
  'jira-platform',
  resolve(__dirname, 'operations.generated.json'),
);

export const jiraOperation = operationAction({
  name: 'jira.operation',
  spoke: Spoke.Jira,
  api: 'jira-platform',
  title: 'Run a Jira operation',
  table: JIRA_OPERATIONS,
  description:
    "Runs any operation of Jira's platform REST API (v3) by its operationId in Atlassian's OpenAPI description. Before anything is sent, the hub checks that the operation exists, that its required path, query and header parameters are given and valid, that the JSON body matches its schema and, on an OAuth connection, that the connection holds the operation's scopes. Experimental operations are sent with X-ExperimentalApi: opt-in. Outputs are Atlassian's status and answer.",
  example: {
    operationId: 'getIssue',
    pathParams: { issueIdOrKey: 'HSP-1' },
    query: { fields: 'summary,status' },
  },
});
