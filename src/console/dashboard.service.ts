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

/** A connection whose OAuth grant's consent ends within the warning period, or has ended. */
export interface EndingGrant {
  connection: ConnectionResponseDto;
  reconsentBy: string;
  /** Whole days left; negative once ended. */
  daysLeft: number;
}

export interface Dashboard {
  rows: DashboardRow[];
  expiringCredentials: CredentialResponseDto[];
  endingGrants: EndingGrant[];
  failedExecutions: ExecutionSummaryDto[];
  failedTotal: number;
}

const RECENT_FAILURES = 10;
const DAY_MS = 24 * 60 * 60 * 1000;
// As for credentials: a month ahead leaves time to reach whoever can consent.
const RECONSENT_WARNING_DAYS = 30;

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
      endingGrants: endingGrantsOf(connections, new Date()),
      failedExecutions: failures.items,
      failedTotal: failures.total,
    };
  }
}

/**
 * Atlassian ends every OAuth grant 365 days after consent and says nothing beforehand: the
 * dashboard does, a month ahead, for each connection (each needs its own Save and Get OAuth Token).
 */
function endingGrantsOf(connections: ConnectionResponseDto[], now: Date): EndingGrant[] {
  const ending: EndingGrant[] = [];
  for (const connection of connections) {
    const reconsentBy = connection.oauth?.reconsentBy;
    if (!reconsentBy) continue;
    const daysLeft = Math.floor((Date.parse(reconsentBy) - now.getTime()) / DAY_MS);
    if (daysLeft < RECONSENT_WARNING_DAYS) ending.push({ connection, reconsentBy, daysLeft });
  }
  return ending.sort((a, b) => Date.parse(a.reconsentBy) - Date.parse(b.reconsentBy));
}
