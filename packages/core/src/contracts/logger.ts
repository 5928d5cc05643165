// The logging seam. Stowage logs through this interface only, so applications plug in pino,
// winston or console. Messages and fields never carry secrets.
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Writes warnings and errors to the console; debug and info are dropped. */
export const consoleLogger: Logger = {
  debug() {},
  info() {},
  warn(message, fields) {
    console.warn(`[stowage] ${message}`, fields ?? '');
  },
  error(message, fields) {
    console.error(`[stowage] ${message}`, fields ?? '');
  },
};
