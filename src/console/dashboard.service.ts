import { Injectable } from '@nestjs/common';
import { ConnectionsService } from '../connections/connections.service';
import { ConnectionResponseDto } from '../connections/dto/connection-response.dto';
import { CredentialResponseDto } from '../credentials/dto/credential-response.dto';
import { CredentialsService } from '../credentials/credentials.service';
import { ExecutionSummaryDto } from '../executions/dto/execution-response.dto';
import { ExecutionsService } from '../executions/executions.service';

export interface DashboardRow {
  connection: ConnectionResponseDto;
  credential: CredentialResponseDto | undefined;
}

export interface Dashboard {
  rows: DashboardRow[];
  expiringCredentials: CredentialResponseDto[];
  failedExecutions: ExecutionSummaryDto[];
  failedTotal: number;
}

const RECENT_FAILURES = 10;

/** What an admin checks first: every connection's health, expiring secrets, recent failures. */
@Injectable()
export class DashboardService {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly credentials: CredentialsService,
    private readonly executions: ExecutionsService,
  ) {}

  async getDashboard(): Promise<Dashboard> {
    const [connections, credentials, failures] = await Promise.all([
      this.connections.listConnections(),
      this.credentials.listCredentials(),
      this.executions.listExecutions({ status: 'error', limit: RECENT_FAILURES }),
    ]);
    const credentialById = new Map(credentials.map((credential) => [credential.id, credential]));
    return {
      rows: connections
        .map((connection) => ({
          connection,
          credential: credentialById.get(connection.credentialId),
        }))
        .sort(
          (a, b) =>
            a.connection.aliasName.localeCompare(b.connection.aliasName) ||
            a.connection.name.localeCompare(b.connection.name),
        ),
      expiringCredentials: credentials
        .filter((credential) => credential.expiringSoon)
        .sort((a, b) => (a.expiresInDays ?? 0) - (b.expiresInDays ?? 0)),
      failedExecutions: failures.items,
      failedTotal: failures.total,
    };
  }
}
