// Node's codes for a server certificate the client could not verify. Every adapter that speaks TLS
// (databases, Redis) reports these as a ConfigError naming its CA variable: trusting the right CA
// is configuration, not an outage to retry.
const UNVERIFIED_CERTIFICATE_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
]);

/** True when `error` (or its cause) says the server's certificate could not be verified. */
export function isUnverifiedCertificate(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; depth++) {
    if (UNVERIFIED_CERTIFICATE_CODES.has(String(e.code))) return true;
    e = e.cause as typeof e;
  }
  return false;
}
