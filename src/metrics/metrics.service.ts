import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { UpstreamCall } from '../actions/runtime/upstream-client';
import { ExecutionWriter } from '../executions/execution-writer';

/** How a token refresh ended: new tokens stored, the grant revoked, Atlassian failing, or the hub. */
export type TokenRefreshOutcome = 'refreshed' | 'revoked' | 'failed' | 'error';

/** What an execution reports when it is recorded. */
export interface FinishedExecution {
  action: string;
  spoke: string;
  status: 'success' | 'error';
  /** Null when the alias could not be resolved to a connection. */
  connectionId: string | null;
  calls: readonly UpstreamCall[];
}

/**
 * The hub's Prometheus metrics, in a registry of its own (not prom-client's global one), so that
 * several hubs in one process (the tests start many) each count only their own work.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly executions = new Counter({
    name: 'hub_executions_total',
    help: 'Spoke action executions recorded, by action, spoke and status (success or error)',
    labelNames: ['action', 'spoke', 'status'] as const,
    registers: [this.registry],
  });

  private readonly upstreamDuration = new Histogram({
    name: 'hub_upstream_request_duration_seconds',
    help: 'Duration of the requests executions sent to Atlassian, by spoke, method and status class (2xx to 5xx, or network for no answer)',
    labelNames: ['spoke', 'method', 'status_class'] as const,
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  private readonly rateLimited = new Counter({
    name: 'hub_upstream_rate_limited_total',
    help: 'Answers 429 (rate limited) Atlassian gave executions, by connection id',
    labelNames: ['connection'] as const,
    registers: [this.registry],
  });

  private readonly retries = new Counter({
    name: 'hub_upstream_retries_total',
    help: 'Requests executions sent again after a 429, a 5xx or a network error, by connection id',
    labelNames: ['connection'] as const,
    registers: [this.registry],
  });

  private readonly tokenRefreshes = new Counter({
    name: 'hub_oauth_token_refreshes_total',
    help: 'OAuth token refreshes this instance made, by outcome (refreshed, revoked, failed, error)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor(writer: ExecutionWriter) {
    new Gauge({
      name: 'hub_execution_write_queue_depth',
      help: 'Finished executions waiting in memory to be written to the database',
      registers: [this.registry],
      collect() {
        this.set(writer.pendingCount);
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  executionRecorded(execution: FinishedExecution): void {
    this.executions.inc({
      action: execution.action,
      spoke: execution.spoke,
      status: execution.status,
    });
    for (const call of execution.calls) {
      this.upstreamDuration.observe(
        { spoke: execution.spoke, method: call.method, status_class: statusClassOf(call.status) },
        call.durationMs / 1000,
      );
      // Calls are only made through a resolved connection.
      const connection = execution.connectionId ?? 'none';
      if (call.status === 429) this.rateLimited.inc({ connection });
      if (call.attempt > 1) this.retries.inc({ connection });
    }
  }

  tokenRefreshed(outcome: TokenRefreshOutcome): void {
    this.tokenRefreshes.inc({ outcome });
  }

  /** The exposition text Prometheus scrapes, and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

function statusClassOf(status: number | null): string {
  return status === null ? 'network' : `${Math.floor(status / 100)}xx`;
}
