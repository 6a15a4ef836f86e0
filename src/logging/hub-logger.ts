import { Logger as NestPinoLogger, PinoLogger } from 'nestjs-pino';
import { storage } from 'nestjs-pino/storage';
import pino, { DestinationStream, LogFn, Logger as Pino, LoggerOptions } from 'pino';
import { prettyFactory } from 'pino-pretty';
import type { LogFormat, LogLevel } from '../config/hub-config';
import { redactEchoes, redactText } from './redact';

export interface LogSettings {
  logLevel: LogLevel;
  logFormat: LogFormat;
}

/**
 * Nest's start-up chatter (one line per module and per route: over a hundred lines) is for whoever
 * debugs the hub, not for its operators: written at debug, so the lines that matter stand out.
 */
const START_UP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/**
 * The request's logger when there is one (so every line written while serving a request carries its
 * requestId), else this hub's root logger. nestjs-pino's own fallback is one logger per process;
 * the tests run several hubs in one process, each with its own output.
 */
class RequestAwarePinoLogger extends PinoLogger {
  constructor(private readonly root: Pino) {
    super({ pinoHttp: { logger: root } });
  }

  override get logger(): Pino {
    return storage.getStore()?.logger ?? this.root;
  }
}

/** The hub's logger: Nest's LoggerService over pino (nestjs-pino), with its root pino logger. */
export class HubLogger extends NestPinoLogger {
  constructor(readonly root: Pino) {
    super(new RequestAwarePinoLogger(root), {});
  }

  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams[optionalParams.length - 1];
    if (typeof context === 'string' && START_UP_CONTEXTS.has(context)) {
      super.debug(message, ...optionalParams);
    } else {
      super.log(message, ...optionalParams);
    }
  }
}

/**
 * JSON lines for machines, readable lines for people: `auto` picks pretty only when the lines go to
 * a terminal. `destination` replaces stdout (the tests read the lines there).
 */
export function createHubLogger(settings: LogSettings, destination?: DestinationStream): HubLogger {
  const toTerminal = destination === undefined && Boolean(process.stdout.isTTY);
  const format =
    settings.logFormat === 'auto' ? (toTerminal ? 'pretty' : 'json') : settings.logFormat;
  const options: LoggerOptions = {
    level: settings.logLevel,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      // Level names, not pino's numbers: a reader of the JSON need not know pino's scale.
      ...(format === 'json' ? { level: (label: string) => ({ level: label }) } : {}),
      log: (fields) => redactEchoes(fields) as Record<string, unknown>,
    },
    // Errors arrive as plain fields (maskLogArguments), already masked.
    serializers: { err: (error: unknown) => error },
    hooks: {
      logMethod(args, method) {
        method.apply(this, maskLogArguments(args) as Parameters<LogFn>);
      },
    },
  };
  const out = destination ?? pino.destination({ dest: 1, sync: true });
  if (format === 'json') return new HubLogger(pino(options, out));
  const prettify = prettyFactory({
    colorize: toTerminal,
    translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l',
    ignore: 'pid,hostname,context,requestId,method,path,status,durationMs',
    messageFormat: '{if context}[{context}] {end}{if requestId}({requestId}) {end}{msg}',
  });
  return new HubLogger(pino(options, { write: (line: string) => out.write(prettify(line)) }));
}

/**
 * What a log call was given, before pino reads it: credentials masked in the message and its printf
 * arguments, and errors turned into plain, masked fields (their message and stack are not
 * enumerable, so field masking alone would drop them; pino would take the message unmasked).
 * Secret-named fields are masked afterwards, for every line, by redact() in `formatters.log`.
 */
export function maskLogArguments(args: unknown[]): unknown[] {
  const [first, ...rest] = args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg));
  if (first instanceof Error)
    return [{ err: errorFields(first) }, rest[0] ?? redactText(first.message), ...rest.slice(1)];
  if (first === null || typeof first !== 'object' || Array.isArray(first)) return [first, ...rest];
  const fields: Record<string, unknown> = { ...first };
  let message: string | undefined;
  for (const [key, value] of Object.entries(fields)) {
    if (value instanceof Error) {
      fields[key] = errorFields(value);
      message ??= redactText(value.message);
    }
  }
  if (message !== undefined && rest.length === 0 && typeof fields.msg !== 'string')
    rest.push(message);
  return [fields, ...rest];
}

function errorFields(error: Error): Record<string, unknown> {
  return {
    type: error.name,
    message: redactText(error.message),
    ...(error.stack ? { stack: redactText(error.stack) } : {}),
  };
}
