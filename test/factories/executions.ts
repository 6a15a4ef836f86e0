import { randomUUID } from 'node:crypto';
import { ExecutionEntity } from '../../src/executions/execution.entity';

/** An execution row as ActionsService records it, for tests that store rows directly. */
export function executionRow(overrides: Partial<ExecutionEntity> = {}): ExecutionEntity {
  const startedAt = overrides.startedAt ?? new Date();
  return Object.assign(new ExecutionEntity(), {
    id: randomUUID(),
    action: 'jira.get_myself',
    alias: 'Jira',
    connectionId: null,
    actor: 'test',
    requestId: null,
    status: 'success',
    inputs: '{}',
    outputs: '{}',
    error: null,
    upstream: '[]',
    startedAt,
    finishedAt: startedAt,
    durationMs: 1,
    ...overrides,
  });
}
