// The app's own settings (Stowage reads its backends' from the same environment): where it
// listens, its body limits, what /health tells and which telemetry it exports, checked at
// start-up so a typo fails before anything listens.
import { isIP } from 'node:net';
import { ConfigError } from '@stowage/core';

export interface AppSettings {
  /** Largest attachment accepted, in bytes; larger uploads get 413 and store nothing. */
  attachmentMaxBytes: number;
  /** Largest JSON request body accepted, in bytes; larger ones get 413 before the rest is read. */
  jsonMaxBytes: number;
  /** How long /health waits for each backend before reporting it failed. */
  healthTimeoutMs: number;
  /** Whether /health shows latencies, connection counts and errors (they help an attacker too). */
  healthDetails: boolean;
}

/** Which telemetry main.ts starts (telemetry.ts); with neither, none is made. */
export interface TelemetrySettings {
  /** METRICS=true: GET /metrics serves the measurements as Prometheus text. */
  metrics: boolean;
  /**
   * OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set: spans are exported
   * over OTLP/HTTP. The exporter reads those variables (and the other OTEL_EXPORTER_OTLP_*) itself.
   */
  otlpTraces: boolean;
}

export const DEFAULT_PORT = 3000;
/** Loopback only: exposing the API is a decision (HOST=0.0.0.0), not an accident. */
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_JSON_MAX_BYTES = 1024 * 1024;
export const DEFAULT_HEALTH_TIMEOUT_MS = 1000;

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw ConfigError.invalid(name, `an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

function host(env: NodeJS.ProcessEnv): string {
  const raw = env.HOST?.trim();
  if (!raw) return DEFAULT_HOST;
  if (isIP(raw) === 0 && !HOSTNAME.test(raw)) {
    throw ConfigError.invalid('HOST', `an IP address or host name to listen on, got ${JSON.stringify(raw)}`);
  }
  return raw;
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw || raw === 'false') return false;
  if (raw === 'true') return true;
  throw ConfigError.invalid(name, `true or false, got ${JSON.stringify(env[name])}`);
}

/** The OTLP endpoints the trace exporter reads, most specific first. */
const OTLP_TRACES_ENDPOINTS = ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_ENDPOINT'] as const;

/**
 * Whether an OTLP endpoint is set. The exporter only warns (through OpenTelemetry's diag, silent
 * by default) about a URL it cannot parse and then sends to http://localhost:4318 instead, so a
 * typo is caught here. The value is not quoted back: a collector URL may carry credentials.
 */
function otlpTraces(env: NodeJS.ProcessEnv): boolean {
  let set = false;
  for (const name of OTLP_TRACES_ENDPOINTS) {
    const raw = env[name]?.trim();
    if (!raw) continue;
    const protocol = URL.canParse(raw) ? new URL(raw).protocol : undefined;
    if (protocol !== 'http:' && protocol !== 'https:') {
      throw ConfigError.invalid(
        name,
        'an http:// or https:// URL of an OTLP/HTTP collector (e.g. http://127.0.0.1:4318)',
      );
    }
    set = true;
  }
  return set;
}

export function readSettings(
  env: NodeJS.ProcessEnv = process.env,
): AppSettings & TelemetrySettings & { port: number; host: string } {
  return {
    port: integer(env, 'PORT', DEFAULT_PORT, 0, 65_535),
    host: host(env),
    attachmentMaxBytes: integer(
      env,
      'ATTACHMENT_MAX_BYTES',
      DEFAULT_ATTACHMENT_MAX_BYTES,
      0,
      Number.MAX_SAFE_INTEGER,
    ),
    jsonMaxBytes: integer(env, 'JSON_MAX_BYTES', DEFAULT_JSON_MAX_BYTES, 1, Number.MAX_SAFE_INTEGER),
    healthTimeoutMs: integer(env, 'HEALTH_TIMEOUT_MS', DEFAULT_HEALTH_TIMEOUT_MS, 1, 60_000),
    healthDetails: flag(env, 'HEALTH_DETAILS'),
    metrics: flag(env, 'METRICS'),
    otlpTraces: otlpTraces(env),
  };
}
