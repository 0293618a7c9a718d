// The core's logger: one JSON document per call, redacted before it leaves the function (redact.ts). The
// sink is injected (a worker postMessage, a file, stderr), so nothing here reaches for a global console.
import { redactString, redactValue } from './redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Receives one complete JSON document per call, without a trailing newline. */
export type LogSink = (line: string) => void;

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (redacted like any other fields). */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  readonly level: LogLevel;
  readonly sink: LogSink;
  /** Injected for tests; defaults to the wall clock. */
  readonly now?: () => Date;
}

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };
const RESERVED = new Set(['t', 'level', 'msg']);

export const createLogger = (options: LoggerOptions, bound: LogFields = {}): Logger => {
  const min = RANK[options.level];
  const now = options.now ?? (() => new Date());

  const write = (level: LogLevel, msg: string, fields?: LogFields): void => {
    if (RANK[level] < min) return;
    try {
      const extra = redactValue({ ...bound, ...fields }) as Record<string, unknown>;
      const line: Record<string, unknown> = { t: now().toISOString(), level, msg: redactString(msg) };
      for (const [k, v] of Object.entries(extra)) {
        line[RESERVED.has(k) ? `field.${k}` : k] = v;
      }
      options.sink(JSON.stringify(line));
    } catch {
      // Logging must never take the mail client down (a closed pipe, a throwing getter): drop the line.
    }
  };

  return {
    debug: (msg, fields) => write('debug', msg, fields),
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
    child: (fields) => createLogger(options, { ...bound, ...fields }),
  };
};
