// Puts modes into the session sql_mode of every connection of one Database's mysql2 pool — the
// server settings real deployments use (NO_BACKSLASH_ESCAPES, ANSI_QUOTES) without touching the
// server's global mode, which the other test files' sessions share. New connections get them from
// the pool's 'connection' event; those the pool holds already (MikroORM's check at register, the
// schema set-up) get them by taking every connection of the pool at once.
import type { MySqlConnection } from '@mikro-orm/mysql';
import type { SqlDatabase } from '@stowage/sql';

type NativePool = Awaited<ReturnType<MySqlConnection['getNativeClient']>>;
type PooledConnection = Awaited<ReturnType<ReturnType<NativePool['promise']>['getConnection']>>;

const nativePool = (database: SqlDatabase) =>
  (database.orm.em.getConnection() as unknown as MySqlConnection).getNativeClient();

const addModes = (modes: readonly string[]) =>
  `set session sql_mode = concat(@@session.sql_mode, if(@@session.sql_mode = '', '', ','), '${modes.join(',')}')`;

/** Runs `work` on every connection of the pool, all held at once (so each is a different one). */
async function onEveryConnection<T>(
  pool: NativePool,
  work: (connection: PooledConnection) => Promise<T>,
): Promise<T[]> {
  const size = Number(pool.config.connectionLimit);
  const promised = pool.promise();
  const connections = await Promise.all(Array.from({ length: size }, () => promised.getConnection()));
  try {
    return await Promise.all(connections.map(work));
  } finally {
    for (const connection of connections) connection.release();
  }
}

export async function addSessionSqlModes(database: SqlDatabase, modes: readonly string[]): Promise<void> {
  const pool = await nativePool(database);
  pool.on('connection', (connection) => {
    connection.query(addModes(modes));
  });
  // The listener above already ran for connections opened now; the mode list is a set, so the
  // second addition to those changes nothing.
  await onEveryConnection(pool, (connection) => connection.query(addModes(modes)));
}

/** Throws unless every connection of the pool has all of `modes` in its session sql_mode. */
export async function checkSessionSqlModes(database: SqlDatabase, modes: readonly string[]): Promise<void> {
  const pool = await nativePool(database);
  const sessions = await onEveryConnection(pool, async (connection) => {
    const [rows] = await connection.query('select connection_id() as id, @@session.sql_mode as mode');
    return (rows as { id: number; mode: string }[])[0];
  });
  const missing = sessions.filter((session) => {
    const active = new Set(String(session?.mode).split(','));
    return !modes.every((mode) => active.has(mode));
  });
  if (sessions.length < 2 || missing.length > 0) {
    throw new Error(
      `sql_mode ${modes.join(',')} is not active on every pooled connection: ${JSON.stringify(sessions)}`,
    );
  }
}
