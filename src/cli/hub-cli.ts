import { randomBytes } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import {
  describeHubEnvironment,
  loadHubConfig,
  validateHubEnvironment,
} from '../config/hub-config';
import { KeyRotationService } from '../crypto/key-rotation.service';
import { ApiTokensService } from '../identity/api-tokens.service';
import { HubIdentity } from '../identity/hub-identity';
import { Role, ROLES } from '../identity/role';
import { createHubLogger } from '../logging/hub-logger';
import { CliModule } from './cli.module';

const OPERATOR: HubIdentity = { kind: 'user', id: 'cli', name: 'hub CLI', role: Role.Admin };

export const HUB_CLI_USAGE = `Usage: npm run hub -- <command>

Commands:
  rotate-key     Re-encrypt every stored secret under a new key, in one transaction.
                 With the generated key file: a new key is added to it and becomes current.
                 With HUB_ENCRYPTION_KEY: set the new key there and the old one in
                 HUB_ENCRYPTION_PREVIOUS_KEYS first (see docs/security.md).
  key-status     How many secrets each key id protects.
  generate-key   Print a new random 32-byte key, base64, for HUB_ENCRYPTION_KEY.
  config         Print the effective configuration (every variable, defaults filled in),
                 secrets masked; exits 1 naming every problem if it is invalid.
  create-token <name> [admin|designer]
                 Create a hub API token (default role admin) and print it once: the way in
                 for whoever runs the hub, without HUB_ADMIN_TOKEN.
`;

const COMMANDS = ['rotate-key', 'key-status', 'create-token'];

/** The operator commands; returns the exit code. */
export async function runHubCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  out: (text: string) => void,
): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'generate-key') {
    out(randomBytes(32).toString('base64') + '\n');
    return 0;
  }
  if (command === 'config') {
    // Validated like the hub does at start; nothing is opened.
    out(describeHubEnvironment(validateHubEnvironment(env)) + '\n');
    return 0;
  }
  if (!command || !COMMANDS.includes(command)) {
    out(HUB_CLI_USAGE);
    return command ? 2 : 0;
  }
  const [tokenName, role = Role.Admin] = rest;
  if (
    command === 'create-token' &&
    (!tokenName || tokenName.length > 100 || !ROLES.includes(role as Role))
  ) {
    out(
      `create-token needs a name (1 to 100 characters) and, optionally, a role (${ROLES.join(' or ')})\n`,
    );
    return 2;
  }
  const config = loadHubConfig(env);
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), {
    logger: createHubLogger({ logLevel: 'warn', logFormat: config.logFormat }),
  });
  try {
    if (command === 'create-token') {
      const created = await app
        .get(ApiTokensService)
        .createToken({ name: tokenName, role: role as Role }, OPERATOR);
      out(
        `Created ${created.role} token "${created.name}" (id ${created.id}); it is shown once:\n${created.token}\n`,
      );
      return 0;
    }
    const rotation = app.get(KeyRotationService);
    if (command === 'rotate-key') {
      const result = await rotation.rotate();
      out(
        `Re-encrypted ${result.reencrypted} secrets under key ${result.keyId}${result.keyFile ? ` (key file ${result.keyFile})` : ''}\n`,
      );
    }
    out(`Secrets by key id: ${JSON.stringify(await rotation.countSecretsByKey())}\n`);
    return 0;
  } finally {
    await app.close();
  }
}
