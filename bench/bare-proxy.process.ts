import { Agent, createServer, request } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A reference for figures 2 and 3, not the hub: the least a second hop can cost in Node. Every request
 * is answered with what one GET to BENCH_PROXY_TARGET answered, on a keep-alive connection; no
 * framework, no authentication, no validation, no record. Started by bench/run.ts with an IPC
 * channel, to which it sends its port.
 */
const target = new URL(process.env.BENCH_PROXY_TARGET ?? '');
const authorization = process.env.BENCH_PROXY_AUTHORIZATION ?? '';
const agent = new Agent({ keepAlive: true });

const server = createServer((incoming, outgoing) => {
  incoming.resume();
  incoming.on('end', () => {
    const upstream = request(
      {
        agent,
        hostname: target.hostname,
        port: target.port,
        path: target.pathname,
        headers: { authorization, accept: 'application/json' },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          outgoing.writeHead(answer.statusCode ?? 502, {
            'content-type': 'application/json',
            'content-length': body.length,
          });
          outgoing.end(body);
        });
      },
    );
    upstream.on('error', () => outgoing.writeHead(502).end());
    upstream.end();
  });
});
server.listen(0, '127.0.0.1', () => {
  process.send!({ port: (server.address() as AddressInfo).port });
});
process.on('disconnect', () => process.exit(0));
