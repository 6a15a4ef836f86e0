import { Spoke } from '../spoke';
import { defineAction } from '../../actions/action-definition';

interface GetProjectRolesInputs {
  projectIdOrKey: string;
}

interface ProjectRole {
  name: string;
  id: string;
  url: string;
}

export const getProjectRoles = defineAction<GetProjectRolesInputs, { roles: ProjectRole[] }>({
  name: 'jira.get_project_roles',
  spoke: Spoke.Jira,
  title: 'Get project roles',
  description:
    "Lists a project's roles (GET /rest/api/3/project/{projectIdOrKey}/role). Atlassian answers a map of role name to role URL; the hub returns a list of {name, id, url}, sorted by name, with the role ID taken from the URL.",
  inputSchema: {
    type: 'object',
    required: ['projectIdOrKey'],
    additionalProperties: false,
    properties: {
      projectIdOrKey: {
        title: 'Project ID or key',
        type: 'string',
        pattern: '^([A-Z][A-Z0-9_]{1,9}|[0-9]{1,18})$',
        description: 'A project key such as "HSP", or a numeric project ID.',
      },
    },
  },
  outputSchema: {
    type: 'object',
    required: ['roles'],
    properties: {
      roles: {
        type: 'array',
        items: {
          type: 'object',
          required: ['name', 'id', 'url'],
          properties: {
            name: { type: 'string', example: 'Administrators' },
            id: { type: 'string', example: '10002' },
            url: { type: 'string', format: 'uri' },
          },
        },
      },
    },
  },
  scopes: { classic: ['read:jira-work'], granular: ['read:project-role:jira'] },
  operations: [
    { api: 'jira-platform', method: 'GET', path: '/rest/api/3/project/{projectIdOrKey}/role' },
  ],
  example: { projectIdOrKey: 'HSP' },
  run: async (context, inputs) => {
    const { data } = await context.call<Record<string, string>>({
      method: 'GET',
      path: `rest/api/3/project/${encodeURIComponent(inputs.projectIdOrKey)}/role`,
    });
    const roles = Object.entries(data ?? {})
      .map(([name, url]) => ({ name, id: roleIdOf(url), url }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return { roles };
  },
});

/** The role URL ends in the role ID: `.../rest/api/3/project/HSP/role/10002`. */
function roleIdOf(url: string): string {
  return /\/role\/(\d+)\/?$/.exec(url)?.[1] ?? '';
}
