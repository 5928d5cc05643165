// Secrets never reach messages or logs: these helpers blank them out of URLs and values. Every
// place that echoes a setting's value (config errors, adapters' option checks, the CLI) goes
// through shownSetting()/shownUrl(), so there is one rule for what may be shown.

const REDACTED = '***';
/** What is shown in place of a value that does not parse as a URL (it may hold a password). */
const HIDDEN_URL = '(not a URL, hidden)';
const HIDDEN_SECRET = '(a value, hidden)';

/** Replaces the password (and secret query parameters) of a URL-looking string. */
export function redactUrl(value: string): string {
  return value
    .replace(/(\/\/[^/:@\s]*:)[^@/\s]*@/g, `$1${REDACTED}@`)
    .replace(
      /([?&](?:password|secret|token|key|sig|signature|x-amz-signature|x-goog-signature)=)[^&\s]*/gi,
      `$1${REDACTED}`,
    );
}

/**
 * A URL-valued setting as it may be shown: its password blanked. Text that is not a
 * `scheme://…` URL is not shown at all, since only a parsed authority tells where a password is:
 * "app:PW@host", ":PW@host", "postgres:/app:PW@host/db" or a password with a raw "/" or "#"
 * would slip past redactUrl. An "@" left in the path, query or fragment means the same.
 */
export function shownUrl(value: string): string {
  const trimmed = value.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) || !URL.canParse(trimmed)) return HIDDEN_URL;
  const url = new URL(trimmed);
  if (`${url.pathname}${url.search}${url.hash}`.includes('@')) return HIDDEN_URL;
  if (url.password) url.password = REDACTED;
  return redactUrl(url.href);
}

/** How a setting's value is shown in a message; `kind` says what the value may hold. */
export function shownSetting(
  value: string | undefined,
  kind: 'secret' | 'url' | 'url-list' | 'plain',
): string {
  if (value === undefined) return 'nothing';
  switch (kind) {
    case 'secret':
      return HIDDEN_SECRET;
    case 'url':
      return JSON.stringify(shownUrl(value));
    case 'url-list':
      return JSON.stringify(
        value
          .split(',')
          .map((entry) => (entry.trim() === '' ? '' : shownUrl(entry)))
          .join(','),
      );
    case 'plain':
      return JSON.stringify(value);
  }
}

/** Names of settings whose values are secret. */
export function isSecretName(name: string): boolean {
  return /pass|secret|token|credential|private|api_?key|access_?key/i.test(name);
}

export { REDACTED };
