// The attribute and metric names this package emits. The `db.*`, `server.*`, `error.type`,
// `network.io.direction` and `aws.s3.*` names are OpenTelemetry's semantic conventions (copied,
// not imported: the package needs @opentelemetry/api and @opentelemetry/core at run time, not
// the conventions package; a test checks them against @opentelemetry/semantic-conventions). The `stowage.*` names are this package's own
// and experimental: the conventions define no cache, unit-of-work or backup attributes yet.

export const DB = {
  systemName: 'db.system.name',
  namespace: 'db.namespace',
  collectionName: 'db.collection.name',
  operationName: 'db.operation.name',
  queryText: 'db.query.text',
  returnedRows: 'db.response.returned_rows',
} as const;

export const SERVER = { address: 'server.address', port: 'server.port' } as const;

export const ERROR_TYPE = 'error.type';
export const NETWORK_IO_DIRECTION = 'network.io.direction';
export const AWS_S3_KEY = 'aws.s3.key';
export const AWS_S3_BUCKET = 'aws.s3.bucket';

/** Experimental: statements a repository call sent (its `db.query.text` lists the distinct ones). */
export const STATEMENT_COUNT = 'stowage.db.statement_count';
export const IN_TRANSACTION = 'stowage.db.in_transaction';

export const CACHE = {
  backend: 'stowage.cache.backend',
  namespace: 'stowage.cache.namespace',
  operation: 'stowage.cache.operation',
  keys: 'stowage.cache.keys',
  tags: 'stowage.cache.tags',
  outcome: 'stowage.cache.outcome',
  hits: 'stowage.cache.hits',
  shared: 'stowage.cache.shared',
  near: 'stowage.cache.near',
} as const;

/** A cached repository read's entity and repository method. */
export const ENTITY = {
  name: 'stowage.entity.name',
  operation: 'stowage.entity.operation',
} as const;

export const OBJECTS = {
  store: 'stowage.objects.store',
  bucket: 'stowage.objects.bucket',
  operation: 'stowage.objects.operation',
  bytes: 'stowage.objects.bytes',
  count: 'stowage.objects.count',
} as const;

export const UNIT_OF_WORK = {
  operation: 'stowage.unit_of_work.operation',
  transactionId: 'stowage.unit_of_work.transaction_id',
  takenOver: 'stowage.unit_of_work.taken_over',
  steps: 'stowage.unit_of_work.steps',
  objects: 'stowage.unit_of_work.objects',
  lost: 'stowage.unit_of_work.lost',
  committed: 'stowage.unit_of_work.committed',
  entries: 'stowage.unit_of_work.entries',
  skipped: 'stowage.unit_of_work.skipped',
  folders: 'stowage.unit_of_work.folders',
} as const;

export const CLI = {
  operation: 'stowage.cli.operation',
  driver: 'stowage.cli.driver',
  backupId: 'stowage.backup.id',
  bytes: 'stowage.backup.bytes',
  tables: 'stowage.backup.tables',
  rows: 'stowage.backup.rows',
} as const;

/** The pool metrics' attributes (semantic conventions, development). */
export const CONNECTION = {
  state: 'db.client.connection.state',
  poolName: 'db.client.connection.pool.name',
} as const;

export const METRICS = {
  dbOperationDuration: 'db.client.operation.duration',
  connectionCount: 'db.client.connection.count',
  connectionMax: 'db.client.connection.max',
  connectionPendingRequests: 'db.client.connection.pending_requests',
  cacheOperationDuration: 'stowage.cache.operation.duration',
  objectsBytes: 'stowage.objects.bytes',
  objectsOperationDuration: 'stowage.objects.operation.duration',
  unitOfWorkDuration: 'stowage.unit_of_work.duration',
  cliDuration: 'stowage.cli.duration',
  backupAge: 'stowage.backup.age',
  backupSize: 'stowage.backup.size',
  nearEntries: 'stowage.cache.near.entries',
  nearSize: 'stowage.cache.near.size',
  nearEvictions: 'stowage.cache.near.evictions',
  nearInvalidations: 'stowage.cache.near.invalidations',
  nearPurges: 'stowage.cache.near.purges',
} as const;

/** The spec's explicit bucket boundaries for db.client.operation.duration, in seconds. */
export const DURATION_BUCKETS: readonly number[] = Object.freeze([
  0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10,
]);
