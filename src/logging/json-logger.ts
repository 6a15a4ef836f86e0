import { LoggerService } from '@nestjs/common';
import { LogLevel } from '../config/hub-config';
import { redact, redactText } from './redact';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** One JSON object per line on stdout, with secrets masked before anything is written. */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly level: LogLevel = 'info',
    private readonly write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  ) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('info', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }

  private emit(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (RANK[level] < RANK[this.level]) return;
    // Nest passes the context (the logger's name) as the last string argument.
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    let entry: Record<string, unknown> = {};
    if (typeof message === 'string') entry.msg = redactText(message);
    else if (message instanceof Error) entry.msg = redactText(message.message);
    else entry = { ...(redact(message) as Record<string, unknown>) };
    // The logger's own fields win over same-named fields of an object message.
    entry = { ...entry, time: new Date().toISOString(), level, ...(context ? { context } : {}) };
    const extra = rest.filter((item) => item !== undefined);
    if (extra.length > 0) {
      entry.detail = extra.map((item) =>
        typeof item === 'string' ? redactText(item) : redact(item),
      );
    }
    this.write(JSON.stringify(entry));
  }
}
