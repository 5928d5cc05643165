// What `stowage migrate | doctor | repair | backup …` needs beyond the environment: the app's
// entities, and the migrations folder of the configured database's dialect.
import { defineConfig } from '@stowage/cli';
import { loadConfig } from '@stowage/core';
import { entities } from './src/entities.ts';
import { migrationsFolder } from './src/migrations-folder.ts';

export default defineConfig({
  entities,
  migrations: { folder: migrationsFolder(loadConfig().database?.driver) },
});
