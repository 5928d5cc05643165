// Which database system and server a repository's calls reach, for their diagnostics: the
// configured driver (so `mariadb://` / DB_DRIVER=mariadb says mariadb — the driver itself serves
// both alike) and the primary's host and port. With replicas configured, a read outside a
// transaction goes to one MikroORM picks per query, so no server is claimed for it.
import type { DatabaseConfig } from '@stowage/core';

export interface RepositoryEndpoint {
  readonly system: string;
  readonly serverAddress?: string;
  readonly serverPort?: number;
  /** Reads outside a transaction may be served by a replica. */
  readonly replicaReads: boolean;
}

export function repositoryEndpoint(config: DatabaseConfig): RepositoryEndpoint {
  if (config.driver === 'sqlite') return { system: 'sqlite', replicaReads: false };
  return {
    system: config.driver,
    serverAddress: config.host,
    serverPort: config.port,
    replicaReads: (config.replicas?.length ?? 0) > 0,
  };
}
