// A throw-away application folder for the CLI's end-to-end tests: a stowage.config.ts with two
// entities, inside the package (so `@stowage/*` resolve), and the real `stowage` bin run in it
// as a child process with only the environment the test gives.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(PACKAGE, 'dist', 'bin.js');

export const CONFIG = `import { defineEntity } from '@stowage/core';
import { defineConfig } from '@stowage/cli';
import { z } from 'zod';

const Author = defineEntity({
  name: 'Author',
  schema: z.object({ id: z.number().int(), name: z.string(), bio: z.string().nullable() }),
  key: 'id',
});
const Book = defineEntity({
  name: 'Book',
  schema: z.object({ id: z.number().int(), authorId: z.number().int(), title: z.string(), pages: z.number().int() }),
  key: 'id',
});

export default defineConfig({ entities: [Author, Book] });
`;

/**
 * Through Stowage itself: seeds (`node data.ts seed N`), prints the rows (`rows`), dies in the
 * middle of a cross-store transaction (`crash`), prints an object (`object KEY`).
 */
const DATA_SCRIPT = `import { createStowage, loadConfig } from '@stowage/core';
import config from './stowage.config.ts';

const [Author, Book] = config.entities;
const stowage = await createStowage(loadConfig(process.env), { entities: config.entities, logger: console });
try {
  if (process.argv[2] === 'seed') {
    const count = Number(process.argv[3] ?? 20);
    const names = ["Robert'); DROP TABLE book;--", 'O\\'Brien \\\\ "quoted"', 'Zoë 北京 🚀', '%_wildcards_%'];
    await stowage.repository(Author).createMany(
      Array.from({ length: count }, (_, i) => ({ id: i + 1, name: names[i % names.length] + ' ' + i, bio: i % 3 ? null : 'bio ' + i })),
    );
    await stowage.repository(Book).createMany(
      Array.from({ length: count * 2 }, (_, i) => ({ id: i + 1, authorId: (i % count) + 1, title: 'Book ' + i + " '; select 1; --", pages: i * 7 })),
    );
  } else if (process.argv[2] === 'crash') {
    // A transaction whose process dies right after the database commit, before its object step;
    // its claim lapses at once, so \`stowage repair\` may take it over.
    const dying = await createStowage(loadConfig(process.env), {
      entities: config.entities,
      logger: console,
      transactions: { claimMs: 1, onPhase: (phase) => { if (phase === 'after-commit') process.exit(9); } },
    });
    await dying.transaction(async (tx) => {
      await tx.repository(Author).create({ id: 9000, name: 'crashed', bio: null });
      await tx.objects.put('covers/9000.txt', 'the cover');
    });
  } else if (process.argv[2] === 'object') {
    const key = process.argv[3];
    console.log(JSON.stringify((await stowage.objects.exists(key)) ? (await stowage.objects.getBytes(key)).toString() : null));
  } else {
    const authors = await stowage.repository(Author).find({}, { orderBy: { id: 'asc' } });
    const books = await stowage.repository(Book).find({}, { orderBy: { id: 'asc' } });
    console.log(JSON.stringify({ authors, books }));
  }
} finally {
  await stowage.close();
}
`;

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliProject {
  dir: string;
  /** Runs `stowage …args` in the folder with the project's environment plus `env`. */
  run(args: readonly string[], env?: Record<string, string>): Promise<CliRun>;
  /** Inserts `count` authors and twice as many books, with awkward text, through a repository. */
  seed(count?: number): Promise<void>;
  /** Runs data.ts with `args` (crash, object KEY). */
  data(args: readonly string[]): Promise<CliRun>;
  /** Every author and book, read through a repository (of another database with `env`). */
  rows(env?: Record<string, string>): Promise<unknown>;
  /** Runs it with --json and parses stdout. */
  json<T = unknown>(
    args: readonly string[],
    env?: Record<string, string>,
  ): Promise<{ code: number; data: T; stderr: string }>;
  cleanup(): Promise<void>;
}

async function execIn(dir: string, file: string, args: readonly string[], env: Record<string, string>) {
  return new Promise<CliRun>((resolve) => {
    execFile(
      process.execPath,
      [file, ...args],
      {
        cwd: dir,
        // Nothing from the caller's environment leaks in (no DB_* of the machine running tests).
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env },
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export async function cliProject(env: Record<string, string>, config = CONFIG): Promise<CliProject> {
  const dir = join(PACKAGE, '.test-work', randomBytes(6).toString('hex'));
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'stowage.config.ts'), config);
  await writeFile(join(dir, 'data.ts'), DATA_SCRIPT);
  const run = (args: readonly string[], extra: Record<string, string> = {}) =>
    execIn(dir, BIN, args, { ...env, ...extra });
  return {
    dir,
    run,
    async seed(count = 20) {
      const result = await execIn(dir, 'data.ts', ['seed', String(count)], env);
      if (result.code !== 0) throw new Error(`seeding failed: ${result.stderr}`);
    },
    data: (args) => execIn(dir, 'data.ts', args, env),
    async rows(extra = {}) {
      const result = await execIn(dir, 'data.ts', ['rows'], { ...env, ...extra });
      if (result.code !== 0) throw new Error(`reading rows failed: ${result.stderr}`);
      return JSON.parse(result.stdout) as unknown;
    },
    async json(args, extra) {
      const result = await run(['--json', ...args], extra);
      let data: unknown;
      try {
        data = JSON.parse(result.stdout);
      } catch {
        throw new Error(
          `stowage ${args.join(' ')} printed no JSON (exit ${result.code}): ${result.stdout}${result.stderr}`,
        );
      }
      return { code: result.code, data: data as never, stderr: result.stderr };
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
