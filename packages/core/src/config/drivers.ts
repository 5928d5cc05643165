// Every driver Stowage knows, by kind, with the package that implements it. "builtin" drivers
// live in core. The factory loads the others with a dynamic import().

export const DRIVERS = {
  database: {
    sqlite: '@stowage/sqlite',
    postgres: '@stowage/postgres',
    mysql: '@stowage/mysql',
    mariadb: '@stowage/mysql',
  },
  cache: {
    memory: 'builtin',
    redis: '@stowage/redis',
  },
  objects: {
    fs: 'builtin',
    memory: 'builtin',
    minio: '@stowage/minio',
    gcs: '@stowage/gcs',
  },
} as const;

export type DriverKind = keyof typeof DRIVERS;
export type DatabaseDriver = keyof typeof DRIVERS.database;
export type CacheDriver = keyof typeof DRIVERS.cache;
export type ObjectStoreDriver = keyof typeof DRIVERS.objects;
