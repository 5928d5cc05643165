// Where entries live in the store. One keyv instance serves every namespace view of a backend, so
// keyv's own prefixing is off and the full keys are built here:
//   entry        `${namespace}:${escaped key}`
//   tag version  `${namespace}:__tag:${escaped tag}`
// Escaping ':' (and '%', to keep it reversible) means a user key never adds a ':' after its
// namespace, so key "b:c" in "app" cannot be mistaken for key "c" in child namespace "app:b", and
// clearing "app:b" cannot remove it. Namespace segments may not start with "__", which keeps
// "__tag" (and later reserved areas) out of reach of withNamespace().
import { ValidationError } from '../errors/error-classes.ts';

const RESERVED_SEGMENT = '__';
const TAG_AREA = '__tag';

const NEEDS_ESCAPE = /[%:]/;

export function escapeKeyPart(part: string): string {
  if (!NEEDS_ESCAPE.test(part)) return part;
  return part.replaceAll('%', '%25').replaceAll(':', '%3A');
}

export function entryKey(namespace: string, key: string): string {
  return `${namespace}:${escapeKeyPart(key)}`;
}

export function tagVersionKey(namespace: string, tag: string): string {
  return `${namespace}:${TAG_AREA}:${escapeKeyPart(tag)}`;
}

/** True for a tag version's key (namespace segments cannot start with "__", user keys hold no ':'). */
export function isTagVersionKey(fullKey: string): boolean {
  return fullKey.includes(`:${TAG_AREA}:`);
}

/** Every key of a namespace and of its child namespaces starts with this, and no other key does. */
export function namespacePrefix(namespace: string): string {
  return `${namespace}:`;
}

/** Namespaces are ':'-separated segments, each non-empty and not starting with "__". */
export function assertValidNamespace(namespace: unknown, path = 'namespace'): asserts namespace is string {
  const fail = (message: string): never => {
    throw new ValidationError(`Invalid cache ${path} ${JSON.stringify(namespace)}: ${message}`, [
      { path, message },
    ]);
  };
  if (typeof namespace !== 'string' || namespace.length === 0) fail('must be a non-empty string');
  for (const segment of (namespace as string).split(':')) {
    if (segment.length === 0) fail('segments between ":" must not be empty');
    if (segment.startsWith(RESERVED_SEGMENT))
      fail(`segments starting with "${RESERVED_SEGMENT}" are reserved`);
    if (/\s/.test(segment)) fail('must not contain whitespace');
  }
}

export function childNamespace(parent: string, name: string): string {
  assertValidNamespace(name, 'namespace name');
  return `${parent}:${name}`;
}
