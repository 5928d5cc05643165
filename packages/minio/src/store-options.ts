// What createMinioObjectStore() takes, and how it is checked: the endpoint URL decides TLS
// (https:), host and port; everything wrong is a ConfigError naming the variable that feeds it.
import { readFileSync } from 'node:fs';
import { ConfigError, type Logger } from '@stowage/core';
import { shownUrl, urlProblem } from '@stowage/core/adapter';

export interface MinioObjectStoreOptions {
  /** http:// or https:// (TLS) URL of the S3 server, with an optional port; no path. */
  endpoint: string;
  bucket: string;
  accessKey: string;
  secretKey: string;
  /** Session token of temporary credentials (STS). */
  sessionToken?: string;
  /** Signing region; default us-east-1 (MinIO, Ceph RGW and R2's "auto" accept it). */
  region?: string;
  /** Path-style (http://host/bucket/key, the default) or virtual-host (http://bucket.host/key) URLs. */
  pathStyle?: boolean;
  /** PEM file of the CA that signed the server's certificate (https:// endpoints only). */
  tlsCaFile?: string;
  /**
   * Bytes per multipart-upload part (5 MiB to 5 GiB; default 8 MiB). Uploads hold at most three
   * parts in memory, and S3 allows 10,000 parts, so the default caps unsized bodies at ~78 GiB.
   */
  partSize?: number;
  /**
   * Milliseconds a request may wait for a connection and for the server's response headers
   * (and a stalled upload between two writes) before it fails with UnavailableError; default 30,000.
   */
  timeoutMs?: number;
  /** Where the store reports what it cannot return to a caller (e.g. a failed abort). */
  logger?: Logger;
  /**
   * Whether the server enforces If-None-Match on CompleteMultipartUpload (AWS S3 and MinIO do,
   * Ceph RGW 16.2 does not), which create-only puts of bodies over one part need. Unset: the
   * store asks the server once, with a small probe upload, at the first such put.
   */
  conditionalMultipart?: boolean;
}

export interface ResolvedOptions {
  host: string;
  port: number;
  useSSL: boolean;
  /** The endpoint as shown in messages: no credentials, no path. */
  shownEndpoint: string;
  bucket: string;
  accessKey: string;
  secretKey: string;
  sessionToken: string | undefined;
  region: string;
  pathStyle: boolean;
  ca: Buffer | undefined;
  partSize: number;
  timeoutMs: number;
  logger: Logger | undefined;
  conditionalMultipart: boolean | undefined;
}

const MIB = 1024 * 1024;
export const DEFAULT_PART_SIZE = 8 * MIB;
export const MIN_PART_SIZE = 5 * MIB;
export const MAX_PART_SIZE = 5 * 1024 * MIB;
export const DEFAULT_TIMEOUT_MS = 30_000;
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function required(value: unknown, variable: string, expected: string): string {
  if (typeof value !== 'string' || value === '') throw ConfigError.invalid(variable, expected);
  return value;
}

function parseEndpoint(endpoint: string): { host: string; port: number; useSSL: boolean; shown: string } {
  // The value is shown through core's one rule (shownUrl): hidden unless it parses as a URL.
  const invalid = (why: string) =>
    new ConfigError(
      `S3_ENDPOINT: expected an http:// or https:// URL with no path (${why}), got ${JSON.stringify(shownUrl(endpoint))}`,
      'S3_ENDPOINT',
    );
  const problem = urlProblem(endpoint, { schemes: ['http', 'https'] });
  if (problem) throw invalid(problem);
  const url = new URL(endpoint);
  if (url.username || url.password) throw invalid('put the credentials in S3_ACCESS_KEY and S3_SECRET_KEY');
  if (url.pathname !== '/' || url.search || url.hash) throw invalid('the bucket goes in OBJECT_STORE_BUCKET');
  const useSSL = url.protocol === 'https:';
  // WHATWG URL keeps IPv6 hosts in brackets; the SDK wants them bare.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return { host, port: url.port ? Number(url.port) : useSSL ? 443 : 80, useSSL, shown: url.origin };
}

function readCa(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(
      `S3_TLS_CA: expected a readable PEM file, got ${JSON.stringify(file)} (${code})`,
      'S3_TLS_CA',
    );
  }
}

export function resolveOptions(options: MinioObjectStoreOptions): ResolvedOptions {
  const endpoint = parseEndpoint(required(options.endpoint, 'S3_ENDPOINT', 'an http:// or https:// URL'));
  const bucket = required(options.bucket, 'OBJECT_STORE_BUCKET', 'a bucket name');
  if (!BUCKET_NAME.test(bucket) || bucket.includes('..')) {
    throw ConfigError.invalid(
      'OBJECT_STORE_BUCKET',
      `a bucket name: 3-63 lower-case letters, digits, dots, dashes; got ${JSON.stringify(bucket)}`,
    );
  }
  if (options.tlsCaFile !== undefined && !endpoint.useSSL) {
    throw new ConfigError('S3_TLS_CA: set only with an https:// S3_ENDPOINT (TLS)', 'S3_TLS_CA');
  }
  const partSize = options.partSize ?? DEFAULT_PART_SIZE;
  if (!Number.isSafeInteger(partSize) || partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
    throw ConfigError.invalid('partSize', `an integer number of bytes from 5 MiB to 5 GiB, got ${partSize}`);
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw ConfigError.invalid('timeoutMs', `a positive number of milliseconds, got ${timeoutMs}`);
  }
  const { conditionalMultipart } = options;
  if (conditionalMultipart !== undefined && typeof conditionalMultipart !== 'boolean') {
    throw ConfigError.invalid(
      'conditionalMultipart',
      `true, false or unset, got ${JSON.stringify(conditionalMultipart)}`,
    );
  }
  return {
    host: endpoint.host,
    port: endpoint.port,
    useSSL: endpoint.useSSL,
    shownEndpoint: endpoint.shown,
    bucket,
    accessKey: required(options.accessKey, 'S3_ACCESS_KEY', 'an access key id'),
    secretKey: required(options.secretKey, 'S3_SECRET_KEY', 'a secret access key'),
    sessionToken: options.sessionToken || undefined,
    region: options.region || 'us-east-1',
    pathStyle: options.pathStyle ?? true,
    ca: options.tlsCaFile === undefined ? undefined : readCa(options.tlsCaFile),
    partSize,
    timeoutMs,
    logger: options.logger,
    conditionalMultipart,
  };
}
