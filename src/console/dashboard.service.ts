import { Injectable } from '@nestjs/common';
import { ConnectionsService } from '../connections/connections.service';
import { ConnectionResponseDto } from '../connections/dto/connection-response.dto';
import { SiteNamesService } from '../connections/site-names.service';
import { CredentialResponseDto } from '../credentials/dto/credential-response.dto';
import { CredentialsService } from '../credentials/credentials.service';
import { ExecutionSummaryDto } from '../executions/dto/execution-response.dto';
import { ExecutionsService } from '../executions/executions.service';
import { ConnectionSort, ConnectionStatusFilter, DashboardQueryDto } from './dashboard-query.dto';

export interface DashboardRow {
  connection: ConnectionResponseDto;
  credential: CredentialResponseDto | undefined;
  /** The site's host (e.g. acme.atlassian.net) when the hub knows it. */
  siteHost: string | undefined;
}

/** A connection whose OAuth grant's consent ends within the warning period, or has ended. */
export interface EndingGrant {
  connection: ConnectionResponseDto;
  reconsentBy: string;
  /** Whole days left; negative once ended. */
  daysLeft: number;
}

/** At most a few of each kind, with the total, so the page stays small at any scale. */
export interface Capped<T> {
  items: T[];
  total: number;
}

export interface HealthCounts {
  connections: number;
  healthy: number;
  needsToken: number;
  testFailed: number;
  untested: number;
  expiringCredentials: number;
  endingGrants: number;
  failedExecutionsToday: number;
}

export interface Dashboard {
  counts: HealthCounts;
  needsToken: Capped<DashboardRow>;
  failingTests: Capped<DashboardRow>;
  expiringCredentials: Capped<CredentialResponseDto>;
  endingGrants: Capped<EndingGrant>;
  failedExecutions: Capped<ExecutionSummaryDto>;
  list: {
    rows: DashboardRow[];
    total: number;
    page: number;
    pages: number;
    from: number;
    until: number;
  };
  siteOptions: Array<{ value: string; label: string }>;
}

export const DASHBOARD_PAGE_SIZE = 25;
const ATTENTION_CAP = 5;
const DAY_MS = 24 * 60 * 60 * 1000;
// As for credentials: a month ahead leaves time to reach whoever can consent.
const RECONSENT_WARNING_DAYS = 30;
export const NO_SITE = 'none';

/**
 * What an admin checks first: health counts and what needs attention, then the connections,
 * searched, filtered, sorted and paged here so the page stays small with thousands of them.
 * Filtering happens after loading, not in SQL: the OAuth status is derived from the grant and the
 * connection's scopes, and a hub's connections number in the thousands at most.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly credentials: CredentialsService,
    private readonly executions: ExecutionsService,
    private readonly siteNames: SiteNamesService,
  ) {}

  async getDashboard(query: DashboardQueryDto, now = new Date()): Promise<Dashboard> {
    const [connections, credentials, failures, failuresToday, hosts] = await Promise.all([
      this.connections.listConnections(),
      this.credentials.listCredentials(),
      this.executions.listExecutions({ status: 'error', limit: ATTENTION_CAP }),
      this.executions.listExecutions({
        status: 'error',
        limit: 1,
        from: new Date(now.getTime() - DAY_MS).toISOString(),
      }),
      this.siteNames.hostsByCloudId(),
    ]);
    const credentialById = new Map(credentials.map((credential) => [credential.id, credential]));
    const rows: DashboardRow[] = connections.map((connection) => ({
      connection,
      credential: credentialById.get(connection.credentialId),
      siteHost: connection.cloudId ? hosts.get(connection.cloudId) : undefined,
    }));
    const needsToken = rows.filter((row) => needsTokenOf(row.connection));
    const failingTests = rows.filter((row) => row.connection.lastTest?.ok === false);
    const expiringCredentials = credentials
      .filter((credential) => credential.expiringSoon)
      .sort((a, b) => (a.expiresInDays ?? 0) - (b.expiresInDays ?? 0));
    const endingGrants = endingGrantsOf(connections, now);
    const matching = sortRows(rows.filter(matcherOf(query)), query.sort ?? 'name', query.dir);
    const pages = Math.max(1, Math.ceil(matching.length / DASHBOARD_PAGE_SIZE));
    const page = Math.min(query.page ?? 1, pages);
    const start = (page - 1) * DASHBOARD_PAGE_SIZE;
    const pageRows = matching.slice(start, start + DASHBOARD_PAGE_SIZE);
    return {
      counts: {
        connections: rows.length,
        healthy: rows.filter((row) => !needsAttention(row.connection)).length,
        needsToken: needsToken.length,
        testFailed: failingTests.length,
        untested: rows.filter((row) => !row.connection.lastTest).length,
        expiringCredentials: expiringCredentials.length,
        endingGrants: endingGrants.length,
        failedExecutionsToday: failuresToday.total,
      },
      needsToken: cap(byName(needsToken)),
      failingTests: cap(byName(failingTests)),
      expiringCredentials: cap(expiringCredentials),
      endingGrants: cap(endingGrants),
      failedExecutions: { items: failures.items, total: failures.total },
      list: {
        rows: pageRows,
        total: matching.length,
        page,
        pages,
        from: pageRows.length ? start + 1 : 0,
        until: start + pageRows.length,
      },
      siteOptions: siteOptionsOf(rows),
    };
  }
}

function needsTokenOf(connection: ConnectionResponseDto): boolean {
  return connection.oauth !== null && connection.oauth.status !== 'authorized';
}

function needsAttention(connection: ConnectionResponseDto): boolean {
  return needsTokenOf(connection) || connection.lastTest?.ok === false;
}

function cap<T>(items: T[]): Capped<T> {
  return { items: items.slice(0, ATTENTION_CAP), total: items.length };
}

function byName(rows: DashboardRow[]): DashboardRow[] {
  return [...rows].sort((a, b) => a.connection.name.localeCompare(b.connection.name));
}

const STATUS_MATCHERS: Record<
  ConnectionStatusFilter,
  (connection: ConnectionResponseDto) => boolean
> = {
  attention: needsAttention,
  token: needsTokenOf,
  test_failed: (connection) => connection.lastTest?.ok === false,
  untested: (connection) => !connection.lastTest,
  active: (connection) => connection.active,
  inactive: (connection) => !connection.active,
};

function matcherOf(query: DashboardQueryDto): (row: DashboardRow) => boolean {
  const words = (query.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const status = query.status ? STATUS_MATCHERS[query.status] : undefined;
  return ({ connection, credential, siteHost }) => {
    if (query.spoke && connection.spoke !== query.spoke) return false;
    if (query.site && (connection.cloudId ?? NO_SITE) !== query.site) return false;
    if (status && !status(connection)) return false;
    if (words.length === 0) return true;
    const text = [
      connection.name,
      connection.aliasName,
      connection.cloudId,
      siteHost,
      credential?.name,
    ]
      .filter(Boolean)
      .join(' ')
      .toLowerCase();
    return words.every((word) => text.includes(word));
  };
}

/** Worst first when sorting by status: what needs a token, then failed tests, then the rest. */
function statusRank(connection: ConnectionResponseDto): number {
  if (needsTokenOf(connection)) return 0;
  if (connection.lastTest?.ok === false) return 1;
  if (!connection.lastTest) return 2;
  return 3;
}

const SORT_KEYS: Record<ConnectionSort, (row: DashboardRow) => string | number> = {
  name: (row) => row.connection.name.toLowerCase(),
  alias: (row) => row.connection.aliasName.toLowerCase(),
  site: (row) => (row.siteHost ?? row.connection.cloudId ?? '').toLowerCase(),
  tested: (row) => (row.connection.lastTest ? Date.parse(row.connection.lastTest.at) : 0),
  status: (row) => statusRank(row.connection),
};

function sortRows(
  rows: DashboardRow[],
  sort: ConnectionSort,
  dir: 'asc' | 'desc' | undefined,
): DashboardRow[] {
  const key = SORT_KEYS[sort];
  const sign = dir === 'desc' ? -1 : 1;
  const keyed = rows.map((row) => ({ row, key: key(row) }));
  keyed.sort((a, b) => {
    const order = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    return order * sign || a.row.connection.name.localeCompare(b.row.connection.name);
  });
  return keyed.map((entry) => entry.row);
}

function siteOptionsOf(rows: DashboardRow[]): Array<{ value: string; label: string }> {
  const labels = new Map<string, string>();
  for (const { connection, siteHost } of rows) {
    const value = connection.cloudId ?? NO_SITE;
    if (!labels.has(value)) {
      labels.set(
        value,
        connection.cloudId ? (siteHost ?? connection.cloudId) : 'No site yet (OAuth)',
      );
    }
  }
  return [...labels]
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label));
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
