import { randomUUID } from 'node:crypto';

export interface FakeUser {
  accountId: string;
  accountType: 'atlassian' | 'app' | 'customer';
  displayName: string;
  emailAddress: string;
  active: boolean;
}

/** The state of the fake site: seeded users and customers, and whatever actions create. */
export class FakeData {
  readonly users: FakeUser[] = [];
  /**
   * While true, issues created through the API stay out of search/jql results unless a search
   * names them in reconcileIssues: Atlassian's index lags writes by a few seconds.
   */
  searchIndexLag = false;

  /** Thousands of users and customers, deterministic so tests can count pages. */
  static seeded(options: { users?: number; customers?: number } = {}): FakeData {
    const data = new FakeData();
    for (let i = 0; i < (options.users ?? 2500); i++) {
      data.addUser({ displayName: `User ${i}`, emailAddress: `user${i}@example.com` });
    }
    for (let i = 0; i < (options.customers ?? 1500); i++) {
      data.addUser({
        displayName: `Customer ${i}`,
        emailAddress: `customer${i}@example.org`,
        accountType: 'customer',
      });
    }
    return data;
  }

  addUser(user: Partial<FakeUser> & { displayName: string; emailAddress: string }): FakeUser {
    const created: FakeUser = {
      accountId: user.accountId ?? `qm:${randomUUID()}`,
      accountType: user.accountType ?? 'atlassian',
      active: user.active ?? true,
      ...user,
    };
    this.users.push(created);
    return created;
  }

  userByEmail(email: string): FakeUser | undefined {
    const wanted = email.toLowerCase();
    return this.users.find((user) => user.emailAddress.toLowerCase() === wanted);
  }
}

/** Atlassian's error body shape for Jira and JSM. */
export function errorBody(message: string, errors: Record<string, string> = {}) {
  return { errorMessages: [message], errors };
}
