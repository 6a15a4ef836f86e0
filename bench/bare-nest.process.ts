import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import axios from 'axios';
import { Agent, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A reference for figure 3, not the hub: the floor of the prescribed stack. A NestJS app on
 * Express with one POST route that sends one GET to BENCH_PROXY_TARGET through axios and answers
 * with its body; no guard, no validation pipe, no resolution, no retry machinery, no record.
 * Started by bench/run.ts with an IPC channel, to which it sends its port.
 */
const upstream = axios.create({
  baseURL: process.env.BENCH_PROXY_TARGET,
  headers: { Authorization: process.env.BENCH_PROXY_AUTHORIZATION ?? '' },
  httpAgent: new Agent({ keepAlive: true }),
});

@Controller()
class ForwardController {
  @Post('forward')
  @HttpCode(200)
  async forward(@Body() body: unknown): Promise<{ outputs: unknown; echoed: unknown }> {
    const { data } = await upstream.get<unknown>('');
    return { outputs: data, echoed: body };
  }
}

@Module({ controllers: [ForwardController] })
class BareNestModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(BareNestModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const address = (app.getHttpServer() as Server).address() as AddressInfo;
  process.send!({ port: address.port });
  process.on('disconnect', () => void app.close().then(() => process.exit(0)));
}

void main();
