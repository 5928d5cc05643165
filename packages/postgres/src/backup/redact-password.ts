// libpq and pg rarely echo a password, but a message that reaches a user or a log must never hold
// one: every text the backup tool reports passes through here first.
import { redactUrl } from '@stowage/core/adapter';

const MASK = '***';

/** `text` with the password (as is and URL-encoded) and any URL credentials masked. */
export function redactPassword(text: string, password: string | undefined): string {
  let redacted = text;
  if (password) {
    for (const form of new Set([password, encodeURIComponent(password)])) {
      redacted = redacted.replaceAll(form, MASK);
    }
  }
  return redactUrl(redacted);
}
