// MikroORM's Migrator with options of our own: the stock one reads them from the ORM's
// configuration, which the Database fixed at register(), while each migrations folder has its own.
import type { MigrationsOptions } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import type { EntityManager } from '@mikro-orm/sql';

export class StowageMigrator extends Migrator {
  constructor(em: EntityManager, options: MigrationsOptions) {
    super(em);
    Object.assign(this, { options });
    // Runner, storage and generator were built from the ORM's options; rebuild them from ours.
    this.initServices();
  }
}

// The stock listeners log every migration through MikroORM's logger, bypassing the application's
// Logger; ours report through the return values instead. (If MikroORM renames the method, the only
// effect is those log lines coming back.)
Object.defineProperty(StowageMigrator.prototype, 'registerDefaultListeners', { value() {} });
