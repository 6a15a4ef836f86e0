import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataSource } from 'typeorm';
import { runHubCli } from '../src/cli/hub-cli';
import { keyIdOf } from '../src/crypto/keyring';
import { CredentialsService } from '../src/credentials/credentials.service';
import { Api, unique } from './factories/records';
import { TEST_DATABASE } from './support/test-database';
import { startTestHub, TestHub } from './support/test-hub';

const newKey = () => randomBytes(32).toString('base64');

/** Everything the database holds, as bytes: the SQLite file with its WAL, or every row on PostgreSQL. */
async function everythingStored(hub: TestHub): Promise<Buffer> {
  if (hub.database.sqlitePath) {
    const files = ['', '-wal', '-shm']
      .map((suffix) => hub.database.sqlitePath + suffix)
      .filter(existsSync);
    return Buffer.concat(files.map((file) => readFileSync(file)));
  }
  const dataSource = hub.app.get(DataSource);
  const tables = await dataSource.query<Array<{ tablename: string }>>(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
  );
  const rows = [];
  for (const { tablename } of tables)
    rows.push(await dataSource.query(`SELECT * FROM "${tablename}"`));
  return Buffer.from(JSON.stringify(rows));
}

async function createOneOfEach(admin: Api) {
  const secrets = {
    apiToken: `ATATT-${randomBytes(16).toString('hex')}`,
    clientSecret: `client-secret-${randomBytes(16).toString('hex')}`,
    token: `bearer-${randomBytes(16).toString('hex')}`,
  };
  const basic = await admin
    .post('/api/credentials', {
      name: unique('basic'),
      username: 'stored@example.com',
      apiToken: secrets.apiToken,
    })
    .expect(201);
  const oauth = await admin
    .post('/api/credentials', {
      name: unique('oauth'),
      clientId: 'client-id-visible',
      clientSecret: secrets.clientSecret,
    })
    .expect(201);
  const bearer = await admin
    .post('/api/credentials', { name: unique('bearer'), type: 'bearer', token: secrets.token })
    .expect(201);
  return {
    secrets,
    ids: {
      basic: basic.body.id as string,
      oauth: oauth.body.id as string,
      bearer: bearer.body.id as string,
    },
  };
}

describe('Secrets at rest', () => {
  let hub: TestHub;
  let admin: Api;

  beforeAll(async () => {
    hub = await startTestHub();
    admin = new Api(hub.http, hub.adminToken);
  });
  afterAll(() => hub.close());

  it(`stores no secret written through the API in clear (${TEST_DATABASE})`, async () => {
    const { secrets } = await createOneOfEach(admin);
    const stored = await everythingStored(hub);
    // The non-secret fields are there, so the test is reading the right bytes.
    expect(stored.includes('stored@example.com')).toBe(true);
    expect(stored.includes('client-id-visible')).toBe(true);
    for (const secret of Object.values(secrets)) {
      expect(stored.includes(secret)).toBe(false);
      expect(stored.includes(Buffer.from(secret).toString('base64'))).toBe(false);
    }
    expect(stored.includes(hub.config.encryptionKey!)).toBe(false);
    const logs = hub.logLines.join('\n');
    for (const secret of Object.values(secrets)) expect(logs).not.toContain(secret);
  });

  it('refuses to decrypt a ciphertext copied onto another row', async () => {
    const one = await admin.createCredential();
    const other = await admin.createCredential();
    const dataSource = hub.app.get(DataSource);
    const param = TEST_DATABASE === 'postgres' ? ['$1', '$2'] : ['?', '?'];
    const [{ api_token_ciphertext: stolen }] = await dataSource.query<
      Array<{ api_token_ciphertext: string }>
    >(`SELECT api_token_ciphertext FROM credentials WHERE id = ${param[0]}`, [one.id]);
    await dataSource.query(
      `UPDATE credentials SET api_token_ciphertext = ${param[0]} WHERE id = ${param[1]}`,
      [stolen, other.id],
    );

    const credentials = hub.app.get(CredentialsService);
    expect((await credentials.revealSecrets(one.id)).secret('apiToken')).toBe(one.input.apiToken);
    const revealed = await credentials.revealSecrets(other.id);
    expect(() => revealed.secret('apiToken')).toThrow(
      /cannot be decrypted: it does not belong to this record/,
    );
  });
});

describe('Key rotation', () => {
  it('re-encrypts every secret under HUB_ENCRYPTION_KEY, reading old ones with HUB_ENCRYPTION_PREVIOUS_KEYS', async () => {
    const oldKey = newKey();
    const first = await startTestHub({ env: { HUB_ENCRYPTION_KEY: oldKey } });
    const { secrets, ids } = await createOneOfEach(new Api(first.http, first.adminToken));
    await first.close({ keepDatabase: true });

    const nextKey = newKey();
    const env = {
      ...first.database.env,
      HUB_ENCRYPTION_KEY: nextKey,
      HUB_ENCRYPTION_PREVIOUS_KEYS: oldKey,
    };
    const output: string[] = [];
    // The old key is still readable before the rotation...
    expect(await runHubCli(['key-status'], env, (text) => output.push(text))).toBe(0);
    expect(output.join('')).toContain(`"${keyIdOf(Buffer.from(oldKey, 'base64'))}":3`);
    // ...and after it, everything is under the new one.
    expect(await runHubCli(['rotate-key'], env, (text) => output.push(text))).toBe(0);
    expect(output.join('')).toContain(
      `Re-encrypted 3 secrets under key ${keyIdOf(Buffer.from(nextKey, 'base64'))}`,
    );
    expect(output.join('')).not.toContain(oldKey);
    expect(output.join('')).not.toContain(nextKey);

    const rotated = await startTestHub({
      env: { HUB_ENCRYPTION_KEY: nextKey },
      database: first.database,
    });
    try {
      const credentials = rotated.app.get(CredentialsService);
      expect((await credentials.revealSecrets(ids.basic)).secret('apiToken')).toBe(
        secrets.apiToken,
      );
      expect((await credentials.revealSecrets(ids.oauth)).secret('clientSecret')).toBe(
        secrets.clientSecret,
      );
      expect((await credentials.revealSecrets(ids.bearer)).secret('token')).toBe(secrets.token);
    } finally {
      await rotated.close();
    }
  });

  it('rotates in one transaction: a secret it cannot read leaves every secret as it was', async () => {
    const key = newKey();
    const hub = await startTestHub({ env: { HUB_ENCRYPTION_KEY: key } });
    const admin = new Api(hub.http, hub.adminToken);
    await admin.createCredential();
    const broken = await admin.createCredential();
    await hub.app
      .get(DataSource)
      .query(
        `UPDATE credentials SET api_token_ciphertext = 'v1.000000000000.AAAA.AAAA' WHERE id = '${broken.id}'`,
      );
    await hub.close({ keepDatabase: true });

    const env = {
      ...hub.database.env,
      HUB_ENCRYPTION_KEY: newKey(),
      HUB_ENCRYPTION_PREVIOUS_KEYS: key,
    };
    await expect(runHubCli(['rotate-key'], env, () => undefined)).rejects.toThrow(
      /cannot be decrypted/,
    );
    const output: string[] = [];
    await runHubCli(['key-status'], env, (text) => output.push(text));
    expect(output.join('')).toContain(`"${keyIdOf(Buffer.from(key, 'base64'))}":1`);
    await hub.database.drop();
  });

  if (TEST_DATABASE === 'sqlite') {
    it('without HUB_ENCRYPTION_KEY, generates a 0600 key file beside the database, logs its path only, and rotates it', async () => {
      const hub = await startTestHub({ env: { HUB_ENCRYPTION_KEY: undefined } });
      const keyFile = join(dirname(hub.database.sqlitePath!), 'hub.key');
      try {
        expect(statSync(keyFile).mode & 0o777).toBe(0o600);
        const { current, keys } = JSON.parse(readFileSync(keyFile, 'utf8')) as {
          current: string;
          keys: Record<string, string>;
        };
        const logs = hub.logLines.join('\n');
        expect(logs).toContain(keyFile);
        expect(logs).not.toContain(keys[current]);

        const admin = new Api(hub.http, hub.adminToken);
        const { id, input } = await admin.createCredential();
        await hub.close({ keepDatabase: true });

        const output: string[] = [];
        expect(
          await runHubCli(['rotate-key'], { ...hub.database.env }, (text) => output.push(text)),
        ).toBe(0);
        const after = JSON.parse(readFileSync(keyFile, 'utf8')) as {
          current: string;
          keys: Record<string, string>;
        };
        expect(after.current).not.toBe(current);
        expect(Object.keys(after.keys)).toEqual(expect.arrayContaining([current, after.current]));
        expect(output.join('')).toContain(`Secrets by key id: {"${after.current}":1}`);
        expect(statSync(keyFile).mode & 0o777).toBe(0o600);

        const again = await startTestHub({
          env: { HUB_ENCRYPTION_KEY: undefined },
          database: hub.database,
        });
        try {
          expect(
            (await again.app.get(CredentialsService).revealSecrets(id)).secret('apiToken'),
          ).toBe(input.apiToken);
        } finally {
          await again.close({ keepDatabase: true });
        }
      } finally {
        await hub.database.drop();
      }
    });
  }
});
