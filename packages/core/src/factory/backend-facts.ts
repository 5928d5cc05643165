// The facts the CLI prints about a configured backend (where it is, what to check, what to
// redact): the in-process backends' are here, every other driver's come from its package.
import type { CacheConfig, DatabaseConfig, ObjectStoreConfig } from '../config/config-types.ts';
import type { DriverKind } from '../config/drivers.ts';
import type { AdapterImporter, BackendFacts } from './adapter-module.ts';
import { loadAdapter } from './load-adapter.ts';

type ConfigOf<K extends DriverKind> = K extends 'database'
  ? DatabaseConfig
  : K extends 'cache'
    ? CacheConfig
    : ObjectStoreConfig;

const FACTORY: Record<DriverKind, string> = {
  database: 'createDatabase',
  cache: 'createCache',
  objects: 'createObjectStore',
};

const memoryCacheFacts: BackendFacts<CacheConfig> = {
  describe: (config) => `the in-process memory cache (namespace ${config.namespace})`,
  variables: () => 'CACHE_DRIVER / CACHE_NAMESPACE',
  // Kept as the doctor has always said it: memory never fails, so this is read for Redis.
  checkHint: () =>
    'start Redis or fix REDIS_URL; until then the application serves every read from the database',
  secretsOf: () => [],
};

const localFilesFacts: BackendFacts<ObjectStoreConfig> = {
  describe: (config) => ('root' in config ? `${config.root}/` : 'memory:'),
  variables: () => 'OBJECT_STORE_PATH',
  checkHint: () => 'check that OBJECT_STORE_PATH is a writable folder',
  secretsOf: () => [],
};

const EMBEDDED: Partial<Record<DriverKind, Record<string, BackendFacts<never>>>> = {
  cache: { memory: memoryCacheFacts },
  objects: { fs: localFilesFacts, memory: localFilesFacts },
};

/** The facts of the backend `config` configures: core's for in-process ones, else its package's. */
export async function backendFacts<K extends DriverKind>(
  kind: K,
  config: ConfigOf<K>,
  importer?: AdapterImporter,
): Promise<BackendFacts<ConfigOf<K>>> {
  const embedded = EMBEDDED[kind]?.[config.driver];
  if (embedded) return embedded as BackendFacts<ConfigOf<K>>;
  const mod = await loadAdapter<{ backendFacts: BackendFacts<ConfigOf<K>> }>(
    kind,
    config.driver,
    FACTORY[kind],
    importer,
  );
  return mod.backendFacts;
}
