// What `stowage doctor | repair | backup …` needs beyond the environment: the app's entities.
// No migrations folder: a generated migration is one dialect's SQL, so the app syncs its schema
// at start-up instead (see README.md).
import { defineConfig } from '@stowage/cli';
import { Note } from './src/entities.ts';

export default defineConfig({ entities: [Note] });
