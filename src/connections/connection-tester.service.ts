import { Injectable } from '@nestjs/common';
import { isHttpError } from '../atlassian/http';
import { HubError } from '../common/hub-error';
import { ConnectionEntity } from './connection.entity';
import { ConnectionClientFactory } from './connection-client.factory';
import { ConnectionsService } from './connections.service';
import { ConnectionTestResultDto } from './dto/connection-response.dto';
import { describeUpstreamFailure } from './upstream-failure';

interface Myself {
  accountId?: string;
  displayName?: string;
  accountType?: string;
}

/** "Test connection": who is the hub signed in as at Atlassian through this connection? */
@Injectable()
export class ConnectionTesterService {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly clients: ConnectionClientFactory,
  ) {}

  async testConnection(id: string): Promise<ConnectionTestResultDto> {
    const connection = await this.connections.findEntity(id);
    const result = await this.callMyself(connection).catch(
      (error: unknown): ConnectionTestResultDto => {
        if (error instanceof HubError)
          return { ok: false, httpStatus: null, message: error.message };
        if (isHttpError(error)) {
          return { ok: false, ...describeUpstreamFailure(error, connection) };
        }
        throw error;
      },
    );
    await this.connections.recordTestResult(
      id,
      result.ok,
      result.ok
        ? `Signed in as ${result.displayName} (${result.accountId})`
        : (result.message ?? ''),
    );
    return result;
  }

  private async callMyself(connection: ConnectionEntity): Promise<ConnectionTestResultDto> {
    const client = await this.clients.createClient(connection);
    const { data } = await client.get<Myself>('rest/api/3/myself');
    return {
      ok: true,
      accountId: data.accountId,
      displayName: data.displayName,
      accountType: data.accountType,
    };
  }
}
