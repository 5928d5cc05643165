// The smallest Stowage program: configuration from the environment, one entity and its repository,
// a cached value and an object. With nothing set it runs on the embedded defaults: SQLite in
// ./data/stowage.sqlite, an in-process cache and files under ./data/objects.
import { createStowage, defineEntity, isStowageError, loadConfig, type Stowage } from '@stowage/core';
import { z } from 'zod';

// One zod schema is the type, the validation and the table; the options name the fields Stowage fills.
const Note = defineEntity({
  name: 'Note',
  schema: z.object({
    id: z.uuid(),
    title: z.string().min(1).max(200),
    version: z.number().int(),
    createdAt: z.date(),
  }),
  generated: 'uuid',
  version: 'version', // bumped on every update, for optimistic locking
  timestamps: { createdAt: 'createdAt' },
});

let stowage: Stowage;
try {
  stowage = await createStowage(loadConfig(), { entities: [Note] });
} catch (error) {
  // A ConfigError names the variable and the form it expects, an AdapterNotInstalledError the
  // package to add, an UnavailableError the server that did not answer: the stack adds nothing.
  if (!isStowageError(error)) throw error;
  console.error(`quickstart: ${error.message}`);
  process.exit(1);
}

try {
  // The SQL adapters can create missing tables directly: fine for a demo; apps use migrations.
  await stowage.database?.syncSchema?.();
  console.log(`database (${stowage.database?.driver}): table for Note ready`);

  const notes = stowage.repository(Note);
  const created = await notes.create({ title: 'Hello from the quickstart' }); // zod validates first
  const note = await notes.getById(created.id);
  const createdAt = note.createdAt.toISOString();
  console.log(`repository: created note ${note.id}, read back "${note.title}", version ${note.version}`);

  // A derived value through the cache: the first read runs the loader, the second is a hit. The
  // note just written changed the count, so a cached count (Redis outlives this process) goes first.
  await stowage.cache.invalidate(['notes:count']);
  let loads = 0;
  const countNotes = () => {
    loads += 1;
    return notes.count();
  };
  await stowage.cache.wrap('notes:count', countNotes, { ttl: 60_000 });
  const total = await stowage.cache.wrap('notes:count', countNotes, { ttl: 60_000 });
  console.log(
    `cache (${stowage.config.cache.driver}): ${total} note(s), loader ran ${loads} time(s) for 2 reads`,
  );

  const key = `notes/${note.id}.txt`;
  const written = await stowage.objects.put(key, `${note.title}\ncreated ${createdAt}\n`, {
    contentType: 'text/plain; charset=utf-8',
  });
  const text = (await stowage.objects.getBytes(key)).toString('utf8');
  console.log(
    `object store (${stowage.objects.backend}): wrote ${written.size} bytes to ${key}, read back ${JSON.stringify(text)}`,
  );
} finally {
  await stowage.close();
}
