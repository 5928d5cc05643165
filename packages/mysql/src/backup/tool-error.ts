// A client tool that failed becomes a typed error the way a driver error does: refused
// credentials a ConfigError, an unreachable server an UnavailableError, anything else a
// BackendError quoting the tool's own last words.
import { BackendError, ConfigError, type StowageError, UnavailableError } from '@stowage/core';
import type { ToolExit } from './run-tool.ts';

const REFUSED = /\b(1044|1045)\b|Access denied for user/;
const UNREACHABLE =
  /\b(2002|2003|2005|2006|2013)\b|Can't connect|Lost connection|Unknown (MySQL|MariaDB) server host/;

/** The error for `tool` having ended with `exit`, its stderr saying `stderr`. */
export function toolError(tool: string, exit: ToolExit, stderr: string): StowageError {
  const how = exit.signal ? `was stopped by ${exit.signal}` : `exited with code ${exit.code}`;
  const said = stderr ? `: ${stderr}` : '';
  if (REFUSED.test(stderr)) {
    return new ConfigError(`DB_USER / DB_PASSWORD: ${tool} was refused by mysql${said}`, 'DB_PASSWORD', {
      context: { tool },
    });
  }
  if (UNREACHABLE.test(stderr))
    return UnavailableError.backend('mysql', `${tool} ${how}${said}`, { context: { tool } });
  return BackendError.because('mysql', `${tool} ${how}${said}`, { context: { tool } });
}

/** The error for a tool that could not be started at all (missing, not executable). */
export function toolStartError(tool: string, cause: unknown): StowageError {
  return BackendError.because('mysql', `${tool} could not be started: ${(cause as Error).message}`, {
    cause,
    context: { tool },
  });
}
