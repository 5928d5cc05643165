// Secrets never reach messages or logs: these helpers blank them out of URLs and values.

const REDACTED = '***';

/** Replaces the password (and secret query parameters) of a URL-looking string. */
export function redactUrl(value: string): string {
  return value
    .replace(/(\/\/[^/:@\s]*:)[^@/\s]*@/g, `$1${REDACTED}@`)
    .replace(
      /([?&](?:password|secret|token|key|sig|signature|x-amz-signature|x-goog-signature)=)[^&\s]*/gi,
      `$1${REDACTED}`,
    );
}

/** Names of settings whose values are secret. */
export function isSecretName(name: string): boolean {
  return /pass|secret|token|credential|private|api_?key|access_?key/i.test(name);
}

export { REDACTED };
