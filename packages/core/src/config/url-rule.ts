// What a URL-valued setting must look like: `scheme://host…` with a known scheme. WHATWG URL
// alone accepts "postgres:/app:PW@host/db" (host empty, the password inside the path, which the
// server then echoes as a database name) and, for http:, silently adds the missing slash.

export interface UrlRule {
  /** Accepted schemes, without the colon. */
  schemes: readonly string[];
  /** Schemes written without an authority, such as sqlite:./app.db. */
  pathSchemes?: readonly string[];
  /** Allow `scheme:///path` (e.g. a replica whose host is the primary's). */
  hostOptional?: boolean;
}

/** Why `value` breaks `rule`, in words that never contain the value; undefined when it does not. */
export function urlProblem(value: string, rule: UrlRule): string | undefined {
  if (value.trim() !== value) return 'spaces around the URL';
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  if (scheme === undefined) return 'no scheme: write scheme://host';
  // Not echoed: in "user:PW@host" the "scheme" is the user name, or worse.
  if (!rule.schemes.includes(scheme) && !rule.pathSchemes?.includes(scheme)) return 'another scheme';
  if (!URL.canParse(value)) return 'not a URL (a bad port, a space, or a password with a raw / # ?)';
  if (rule.pathSchemes?.includes(scheme)) return undefined;
  if (!value.slice(scheme.length + 1).startsWith('//')) return `one slash: write ${scheme}://`;
  const url = new URL(value);
  if (!url.hostname && !rule.hostOptional) return 'no host';
  if (`${url.pathname}${url.search}${url.hash}`.includes('@'))
    return 'an @ after the host: percent-encode it in the password (%40)';
  return undefined;
}
