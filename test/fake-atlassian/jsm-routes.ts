import { errorBody, FakeData } from './fake-data';
import { FakeRoute } from './fake-atlassian.server';

/** Jira Service Management REST API (`/rest/servicedeskapi/...`). */
export function jsmRoutes(data: FakeData): FakeRoute[] {
  return [
    {
      method: 'POST',
      pattern: /^\/rest\/servicedeskapi\/customer$/,
      handle: ({ body, send }) => {
        const { email, displayName } = (body ?? {}) as { email?: string; displayName?: string };
        if (!email || !displayName) {
          return send(400, errorBody('Both email and displayName are required'));
        }
        if (data.userByEmail(email)) {
          // What Atlassian says when the address already has an account.
          return send(400, errorBody('An account already exists for this email'));
        }
        const user = data.addUser({ displayName, emailAddress: email, accountType: 'customer' });
        send(201, {
          accountId: user.accountId,
          displayName: user.displayName,
          emailAddress: user.emailAddress,
          active: true,
          timeZone: 'Etc/UTC',
          _links: {},
        });
      },
    },
  ];
}
