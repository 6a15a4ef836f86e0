import 'reflect-metadata';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHubApp } from '../../src/app.factory';
import { loadHubConfig } from '../../src/config/hub-config';

// A hub in its own process (see hub-process.ts): its environment in, its log on stdout exactly as
// in production, and its port out on stderr (so stdout holds nothing but the log).
async function main(): Promise<void> {
  const config = loadHubConfig();
  const app = await createHubApp(config);
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  process.stderr.write(`${JSON.stringify({ port })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`hub process failed: ${String(error)}\n`);
  process.exit(1);
});
