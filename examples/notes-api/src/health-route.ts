// GET /health: the backend checks of `stowage doctor` (checkBackends from @stowage/core) on this
// process's own connections, each given HEALTH_TIMEOUT_MS (a backend that does not answer is a
// failed check, not a hanging probe). The status is for load balancers and `curl -f`:
// - "ok" (200): every check passed (a warning still serves traffic);
// - "degraded" (200): only the cache failed — reads then go to the database, so this instance
//   still serves and must not be pulled from rotation;
// - "down" (503): the database or the object store failed.
// Latencies, connection counts, pool size and error messages (which may name hosts) are shown only
// with HEALTH_DETAILS=true: to anyone else they are a map of the deployment.
import { type CheckResult, checkBackends, type Stowage } from '@stowage/core';
import { Hono } from 'hono';
import type { AppSettings } from './settings.ts';

/** Checks the app can run without; any other failed check means it cannot serve. */
const OPTIONAL = new Set(['cache']);

export function overallStatus(checks: readonly CheckResult[]): 'ok' | 'degraded' | 'down' {
  const failed = checks.filter((check) => check.status === 'fail');
  if (failed.some((check) => !OPTIONAL.has(check.check))) return 'down';
  return failed.length > 0 ? 'degraded' : 'ok';
}

export function healthRoute(
  stowage: Stowage,
  options: Pick<AppSettings, 'healthTimeoutMs' | 'healthDetails'>,
): Hono {
  const app = new Hono();
  app.get('/', async (c) => {
    const checks = await checkBackends(stowage, { timeoutMs: options.healthTimeoutMs });
    const status = overallStatus(checks);
    const shown = options.healthDetails ? checks : checks.map(({ check, status }) => ({ check, status }));
    return c.json({ ok: status !== 'down', status, checks: shown }, status === 'down' ? 503 : 200, {
      'Cache-Control': 'no-store',
    });
  });
  return app;
}
