// The main process's logger. Main handles no mail content (the core does), so its lines are about the
// shell only; they still never include addresses, subjects or bodies.
export interface MainLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Writes one line per entry to a stream (stderr in the app): no console, no global state. */
export function createStreamLogger(
  write: (line: string) => void,
  now: () => Date = () => new Date(),
): MainLogger {
  const line = (level: string) => (message: string) =>
    write(`${now().toISOString()} main ${level} ${message}\n`);
  return { info: line('info'), warn: line('warn'), error: line('error') };
}
