import { createFakeAtlassian, FakeAtlassian, FakeData } from './fake-atlassian';
import { RecordedRequest } from './fake-atlassian/fake-atlassian.server';
import {
  COMMENTED_ISSUE,
  COMMENTS_MAX_PAGE,
  CUSTOMER_IMPACT,
  PRIORITIES,
} from './fake-atlassian/jira-issue-routes';
import { EXAMPLE_USERS, HSP, JIRA_SOFTWARE_USERS } from './fake-atlassian/jira-routes';
import { Api, connectedAlias } from './factories/records';
import { startTestHub, TestHub } from './support/test-hub';

const TOKEN = 'jira-issues-bearer-token';
// Outputs are untyped JSON; the assertions are what check them.
type Outputs = Record<string, ReturnType<typeof JSON.parse>>;

/**
 * The Jira issue work of issue 13 through the hub against the fake: edits, transitions,
 * comments, assignees, watchers, groups, metadata, and create_issue's check of the create
 * metadata. The fake is fresh for this file; tests that change an issue each use their own.
 */
describe('Jira issue work actions', () => {
  let fake: FakeAtlassian;
  let hub: TestHub;
  let admin: Api;
  let aliasName: string;

  beforeAll(async () => {
    fake = await createFakeAtlassian(FakeData.seeded({ users: 200, customers: 10 })).start();
    const cloudId = fake.addSite('issues.atlassian.net');
    fake.addAccount({ bearer: TOKEN }, { displayName: 'Issue Bot' });
    hub = await startTestHub({ env: { ATLASSIAN_API_URL: fake.url } });
    admin = new Api(hub.http, hub.adminToken);
    ({ aliasName } = await connectedAlias(admin, fake.url, cloudId, {
      parentAlias: 'Jira',
      token: TOKEN,
      connection: { maxRetries: 2, maxRetryWaitSeconds: 5 },
    }));
  });
  afterEach(() => fake.clearFaults());
  afterAll(async () => {
    await hub?.close();
    await fake?.stop();
  });

  const execute = (action: string, inputs: Record<string, unknown>) =>
    admin.post(`/api/actions/${action}/execute`, { alias: aliasName, inputs });
  const success = async (action: string, inputs: Record<string, unknown>): Promise<Outputs> => {
    const response = await execute(action, inputs);
    if (response.status !== 200) {
      throw new Error(`${action}: ${response.status} ${JSON.stringify(response.body)}`);
    }
    return (response.body as { outputs: Outputs }).outputs;
  };
  const sentDuring = async (suffix: string, run: () => Promise<unknown>) => {
    const before = fake.requests.length;
    await run();
    return fake.requests
      .slice(before)
      .filter((request) => request.path.split('?')[0].endsWith(suffix));
  };
  const bodyOf = (request: RecordedRequest): Outputs => JSON.parse(request.body) as Outputs;
  const queryOf = (request: RecordedRequest) =>
    Object.fromEntries(new URL(request.path, 'http://fake').searchParams);
  const fieldsOf = async (key: string, fields: string[]): Promise<Outputs> =>
    (await success('jira.get_issue', { issueIdOrKey: key, fields })).fields as Outputs;
  const adfText = (text: string) => ({
    type: 'doc',
    version: 1,
    content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
  });

  describe('jira.update_issue', () => {
    it('edits the fields given, the description as ADF, and nothing else', async () => {
      const [put] = await sentDuring('/rest/api/3/issue/HSP-11', () =>
        success('jira.update_issue', {
          issueIdOrKey: 'HSP-11',
          summary: 'Renamed',
          description: 'First line',
          fields: { priority: { name: 'High' }, duedate: '2026-03-01' },
          notifyUsers: false,
        }),
      );
      expect(put.method).toBe('PUT');
      expect(queryOf(put)).toEqual({ notifyUsers: 'false' });
      expect(bodyOf(put)).toEqual({
        fields: {
          summary: 'Renamed',
          description: adfText('First line'),
          priority: { name: 'High' },
          duedate: '2026-03-01',
        },
      });
      expect(await fieldsOf('HSP-11', ['summary', 'priority', 'labels', 'duedate'])).toEqual({
        summary: 'Renamed',
        priority: expect.objectContaining({ name: 'High' }),
        labels: [],
        duedate: '2026-03-01',
      });
    });

    it('refuses an edit that changes nothing, or names a field twice, without calling Atlassian', async () => {
      const sent = await sentDuring('/rest/api/3/issue/HSP-12', async () => {
        const empty = await execute('jira.update_issue', { issueIdOrKey: 'HSP-12' }).expect(400);
        expect(empty.body.errors).toEqual([
          expect.objectContaining({ field: 'inputs.summary', rule: 'required' }),
        ]);
        expect(empty.body.message).toMatch(/summary.*description.*labels.*fields/);
        const twice = await execute('jira.update_issue', {
          issueIdOrKey: 'HSP-12',
          summary: 'A',
          fields: { summary: 'B' },
        }).expect(400);
        expect(twice.body.errors).toEqual([
          expect.objectContaining({ field: 'inputs.fields.summary', rule: 'exclusive' }),
        ]);
      });
      expect(sent).toEqual([]);
    });

    it("carries Atlassian's refusal of a field over in a 502, and changes nothing", async () => {
      const response = await execute('jira.update_issue', {
        issueIdOrKey: 'HSP-13',
        summary: 'Not applied',
        fields: { customfield_99999: 'x' },
      }).expect(502);
      expect(response.body.error).toEqual(
        expect.objectContaining({
          httpStatus: 400,
          details: expect.objectContaining({
            errors: {
              customfield_99999:
                "Field 'customfield_99999' cannot be set. It is not on the appropriate screen, or unknown.",
            },
          }),
        }),
      );
      expect((await fieldsOf('HSP-13', ['summary'])).summary).toBe('Hospital systems task 13');
    });
  });

  describe('jira.delete_issue', () => {
    it('deletes the issue: reading it afterwards is a 404', async () => {
      const [sent] = await sentDuring('/rest/api/3/issue/HSP-14', () =>
        success('jira.delete_issue', { issueIdOrKey: 'HSP-14' }).then((out) =>
          expect(out).toEqual({ issueIdOrKey: 'HSP-14', deleted: true }),
        ),
      );
      expect(queryOf(sent)).toEqual({ deleteSubtasks: 'false' });
      const gone = await execute('jira.get_issue', { issueIdOrKey: 'HSP-14' }).expect(502);
      expect(gone.body.error.httpStatus).toBe(404);
    });
  });

  describe('transitions', () => {
    it('lists the transitions with their screen fields, and moves the issue with fields and a comment', async () => {
      const { items } = await success('jira.list_issue_transitions', {
        issueIdOrKey: 'HSP-15',
        includeFields: true,
      });
      // HSP-15 is To Do: it can go to In Progress or Done, and Done needs a resolution.
      expect(items.map((t: { id: string; name: string }) => [t.id, t.name])).toEqual([
        ['21', 'In Progress'],
        ['31', 'Done'],
      ]);
      expect(items[1].fields.resolution).toEqual(
        expect.objectContaining({ required: true, hasDefaultValue: false }),
      );

      const [post] = await sentDuring('/transitions', () =>
        success('jira.transition_issue', {
          issueIdOrKey: 'HSP-15',
          transitionId: '31',
          fields: { resolution: { name: 'Done' } },
          comment: 'Closed by the flow.',
        }),
      );
      expect(bodyOf(post)).toEqual({
        transition: { id: '31' },
        fields: { resolution: { name: 'Done' } },
        update: { comment: [{ add: { body: adfText('Closed by the flow.') } }] },
      });
      expect((await fieldsOf('HSP-15', ['status'])).status.name).toBe('Done');
      const { items: comments } = await success('jira.list_issue_comments', {
        issueIdOrKey: 'HSP-15',
      });
      expect(comments.map((c: { body: unknown }) => c.body)).toEqual([
        adfText('Closed by the flow.'),
      ]);
    });

    it("answers 502 with Atlassian's error for a transition the issue cannot take, and for a required screen field left out", async () => {
      const bad = await execute('jira.transition_issue', {
        issueIdOrKey: 'HSP-16',
        transitionId: '99',
      }).expect(502);
      expect(bad.body.error).toEqual(
        expect.objectContaining({
          httpStatus: 400,
          message: expect.stringContaining("Transition id '99' is not valid for this issue."),
        }),
      );
      const missing = await execute('jira.transition_issue', {
        issueIdOrKey: 'HSP-16',
        transitionId: '31',
      }).expect(502);
      expect(missing.body.error.details.errors).toEqual({ resolution: 'Resolution is required.' });
      expect((await fieldsOf('HSP-16', ['status'])).status.name).toBe('In Progress');
    });

    it('does not repeat a transition after a 5xx: the first may have moved the issue', async () => {
      fake.injectFaults({ kind: 'status', status: 503, path: /HSP-17\/transitions$/ });
      const sent = await sentDuring('/HSP-17/transitions', () =>
        execute('jira.transition_issue', { issueIdOrKey: 'HSP-17', transitionId: '21' }).expect(
          502,
        ),
      );
      expect(sent).toHaveLength(1);
    });
  });

  describe('comments', () => {
    it('adds a plain-text comment as ADF, restricted to a role, and returns it', async () => {
      const comment = await success('jira.add_issue_comment', {
        issueIdOrKey: 'HSP-18',
        body: 'Line one\nLine two',
        visibleToRole: 'Developers',
      });
      expect(comment).toEqual(
        expect.objectContaining({
          id: expect.any(String),
          visibility: { type: 'role', value: 'Developers' },
          body: {
            type: 'doc',
            version: 1,
            content: [
              {
                type: 'paragraph',
                content: [
                  { type: 'text', text: 'Line one' },
                  { type: 'hardBreak' },
                  { type: 'text', text: 'Line two' },
                ],
              },
            ],
          },
        }),
      );
      const both = await execute('jira.add_issue_comment', {
        issueIdOrKey: 'HSP-18',
        body: 'x',
        visibleToRole: 'Developers',
        visibleToGroupId: JIRA_SOFTWARE_USERS.groupId,
      }).expect(400);
      expect(both.body.errors).toEqual([
        expect.objectContaining({ field: 'inputs.visibleToGroupId', rule: 'exclusive' }),
      ]);
    });

    it('pages the comments: one page as asked, every page of 100 with fetchAll, newest first on request', async () => {
      const first = await success('jira.list_issue_comments', {
        issueIdOrKey: COMMENTED_ISSUE.key,
        maxResults: 10,
      });
      expect(first.items).toHaveLength(10);
      expect(first.next).toEqual({ startAt: 10 });

      const pages = await sentDuring('/comment', async () => {
        const all = await success('jira.list_issue_comments', {
          issueIdOrKey: COMMENTED_ISSUE.key,
          maxResults: 10,
          fetchAll: true,
        });
        expect(all.items).toHaveLength(COMMENTED_ISSUE.comments);
        expect(new Set(all.items.map((c: { id: string }) => c.id)).size).toBe(
          COMMENTED_ISSUE.comments,
        );
        expect(all.next).toBeNull();
      });
      expect(pages.map((request) => queryOf(request).maxResults)).toEqual(
        Array(Math.ceil(COMMENTED_ISSUE.comments / COMMENTS_MAX_PAGE)).fill(
          String(COMMENTS_MAX_PAGE),
        ),
      );

      const newest = await success('jira.list_issue_comments', {
        issueIdOrKey: COMMENTED_ISSUE.key,
        orderBy: '-created',
        maxResults: 1,
      });
      expect(newest.items[0].body).toEqual(adfText(`Comment ${COMMENTED_ISSUE.comments}`));
    });
  });

  describe('jira.assign_issue', () => {
    it('assigns to a user, then unassigns', async () => {
      await success('jira.assign_issue', {
        issueIdOrKey: 'HSP-19',
        accountId: EXAMPLE_USERS.emma.accountId,
      });
      expect((await fieldsOf('HSP-19', ['assignee'])).assignee).toEqual(
        expect.objectContaining({ accountId: EXAMPLE_USERS.emma.accountId }),
      );
      const out = await success('jira.assign_issue', { issueIdOrKey: 'HSP-19', unassign: true });
      expect(out).toEqual({ issueIdOrKey: 'HSP-19', accountId: null, assigned: true });
      expect((await fieldsOf('HSP-19', ['assignee'])).assignee).toBeNull();
    });

    it('needs an assignee or unassign, and carries Atlassian’s refusal of an inactive user', async () => {
      const neither = await execute('jira.assign_issue', { issueIdOrKey: 'HSP-19' }).expect(400);
      expect(neither.body.errors).toEqual([
        expect.objectContaining({ field: 'inputs.accountId', rule: 'required' }),
      ]);
      const inactive = await execute('jira.assign_issue', {
        issueIdOrKey: 'HSP-19',
        accountId: EXAMPLE_USERS.former.accountId,
      }).expect(502);
      expect(inactive.body.error.details.errors).toEqual({
        assignee: `User '${EXAMPLE_USERS.former.accountId}' cannot be assigned issues.`,
      });
    });
  });

  describe('watchers', () => {
    it('adds a watcher (the account ID as a JSON string), lists and removes it', async () => {
      const [post] = await sentDuring('/HSP-20/watchers', () =>
        success('jira.add_watcher', {
          issueIdOrKey: 'HSP-20',
          accountId: EXAMPLE_USERS.emma.accountId,
        }),
      );
      expect(post.body).toBe(JSON.stringify(EXAMPLE_USERS.emma.accountId));
      expect(post.headers['content-type']).toMatch(/^application\/json/);
      const watching = await success('jira.list_watchers', { issueIdOrKey: 'HSP-20' });
      expect(watching.watchers.map((w: { accountId: string }) => w.accountId)).toEqual([
        EXAMPLE_USERS.mia.accountId,
        EXAMPLE_USERS.emma.accountId,
      ]);
      expect(watching.watchCount).toBe(2);
      await success('jira.remove_watcher', {
        issueIdOrKey: 'HSP-20',
        accountId: EXAMPLE_USERS.emma.accountId,
      });
      const after = await success('jira.list_watchers', { issueIdOrKey: 'HSP-20' });
      expect(after.watchers.map((w: { accountId: string }) => w.accountId)).toEqual([
        EXAMPLE_USERS.mia.accountId,
      ]);
    });

    it('repeats adding a watcher after a 5xx: adding twice changes nothing', async () => {
      fake.injectFaults({ kind: 'status', status: 503, path: /HSP-21\/watchers$/ });
      const sent = await sentDuring('/HSP-21/watchers', () =>
        success('jira.add_watcher', {
          issueIdOrKey: 'HSP-21',
          accountId: EXAMPLE_USERS.emma.accountId,
        }),
      );
      expect(sent).toHaveLength(2);
    });
  });

  describe('groups', () => {
    it('creates a group, refuses its name twice, and deletes it', async () => {
      const group = await success('jira.create_group', { name: 'flow-made-group' });
      expect(group).toEqual(
        expect.objectContaining({ name: 'flow-made-group', groupId: expect.any(String) }),
      );
      const again = await execute('jira.create_group', { name: 'flow-made-group' }).expect(502);
      expect(again.body.error.message).toContain('A group with this name already exists.');
      const found = await success('jira.find_groups', { query: 'flow-made' });
      expect(found.groups.map((g: { groupId: string }) => g.groupId)).toEqual([group.groupId]);

      await success('jira.delete_group', { groupId: group.groupId });
      const gone = await execute('jira.get_group_members', { groupId: group.groupId }).expect(502);
      expect(gone.body.error.httpStatus).toBe(404);
    });
  });

  describe('metadata', () => {
    it('lists the create fields of an issue type, its required ones first among them', async () => {
      const { items, next } = await success('jira.get_create_fields', {
        projectKey: HSP.key,
        issueTypeId: '10003',
      });
      expect(next).toBeNull();
      const required = items
        .filter((f: { required: boolean; hasDefaultValue: boolean }) => f.required)
        .filter((f: { hasDefaultValue: boolean }) => !f.hasDefaultValue)
        .map((f: { fieldId: string }) => f.fieldId);
      expect(required).toEqual([
        'summary',
        'issuetype',
        'project',
        'duedate',
        CUSTOMER_IMPACT.fieldId,
      ]);
    });

    it("lists a project's issue types, the site's, the priorities and the statuses", async () => {
      const project = await success('jira.list_issue_types', { projectKey: HSP.key });
      expect(project.items.map((t: { name: string }) => t.name)).toEqual([
        'Epic',
        'Task',
        'Bug',
        'Story',
      ]);
      const site = await success('jira.list_issue_types', {});
      expect(site).toEqual({ items: project.items, next: null });
      const priorities = await success('jira.list_priorities', {});
      expect(priorities.items.map((p: { name: string }) => p.name)).toEqual(
        PRIORITIES.map((p) => p.name),
      );
      const statuses = await success('jira.list_statuses', {});
      expect(
        statuses.items.map((s: { name: string; statusCategory: { key: string } }) => [
          s.name,
          s.statusCategory.key,
        ]),
      ).toEqual([
        ['To Do', 'new'],
        ['In Progress', 'indeterminate'],
        ['Done', 'done'],
      ]);
    });
  });

  describe('jira.create_issue checks the create metadata', () => {
    const creates = () =>
      fake.requests.filter((r) => r.method === 'POST' && /\/rest\/api\/3\/issue$/.test(r.path));

    it('names every required field left out and every unknown one in a 400, creating nothing', async () => {
      const before = creates().length;
      const response = await execute('jira.create_issue', {
        projectKey: HSP.key,
        issueType: 'Story',
        summary: 'Missing its required fields',
        fields: { customfield_77777: 'stray' },
      }).expect(400);
      expect(response.body.errors).toEqual([
        {
          field: 'inputs.fields.duedate',
          rule: 'required',
          message: 'inputs.fields.duedate (Due date) is required to create a Story in HSP',
        },
        {
          field: `inputs.fields.${CUSTOMER_IMPACT.fieldId}`,
          rule: 'required',
          message: `inputs.fields.${CUSTOMER_IMPACT.fieldId} (${CUSTOMER_IMPACT.name}) is required to create a Story in HSP`,
        },
        {
          field: 'inputs.fields.customfield_77777',
          rule: 'unknown',
          message:
            'inputs.fields.customfield_77777 is not a field of the create screen of a Story in HSP',
        },
      ]);
      expect(creates().length).toBe(before);
    });

    it('names an issue type the project lacks, with the ones it has', async () => {
      const response = await execute('jira.create_issue', {
        projectKey: HSP.key,
        issueType: 'Incident',
        summary: 'No such type',
      }).expect(400);
      expect(response.body.errors).toEqual([
        expect.objectContaining({
          field: 'inputs.issueType',
          message: expect.stringContaining('it can create: Epic, Task, Bug, Story'),
        }),
      ]);
    });

    it('creates the issue once the required fields are given, reading the metadata once by type ID', async () => {
      const sent = await sentDuring('', async () => {
        const created = await success('jira.create_issue', {
          projectKey: HSP.key,
          issueTypeId: '10003',
          summary: 'Night shift payroll',
          fields: { duedate: '2026-02-01', [CUSTOMER_IMPACT.fieldId]: 'Pay is late' },
        });
        expect(created.key).toMatch(/^HSP-\d+$/);
      });
      expect(
        sent.map((r) => `${r.method} ${r.path.split('?')[0].replace(/^\/ex\/jira\/[^/]+/, '')}`),
      ).toEqual([
        'GET /rest/api/3/issue/createmeta/HSP/issuetypes/10003',
        'POST /rest/api/3/issue',
      ]);
      expect(bodyOf(sent[1]).fields).toEqual(
        expect.objectContaining({
          duedate: '2026-02-01',
          [CUSTOMER_IMPACT.fieldId]: 'Pay is late',
        }),
      );
    });
  });
});
