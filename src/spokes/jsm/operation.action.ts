import { resolve } from 'node:path';
import { Spoke } from '../spoke';
import { OperationTable, operationAction } from '../operation-action';

export const JSM_OPERATIONS = new OperationTable(
  'jira-servicedesk',
  resolve(__dirname, 'operations.generated.json'),
);

export const jsmOperation = operationAction({
  name: 'jsm.operation',
  spoke: Spoke.Jsm,
  api: 'jira-servicedesk',
  title: 'Run a Jira Service Management operation',
  table: JSM_OPERATIONS,
  description:
    "Runs any operation of Jira Service Management's REST API by its operationId in Atlassian's OpenAPI description. Before anything is sent, the hub checks that the operation exists, that its required path, query and header parameters are given and valid, that the JSON body matches its schema and, on an OAuth connection, that the connection holds the operation's scopes. Experimental operations are sent with X-ExperimentalApi: opt-in. Outputs are Atlassian's status and answer.",
  example: { operationId: 'getServiceDesks', query: { limit: 10 } },
});
