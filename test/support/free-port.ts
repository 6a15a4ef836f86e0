import { AddressInfo, createServer } from 'node:net';

/**
 * A port nobody listens on right now, for a hub whose address must be known before it starts
 * (HUB_PUBLIC_URL, OAuth's redirect URI): the system picks it for a moment, then it is freed for the
 * hub. Another process could take it in between; listen() would then fail loudly, not pass.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
