// One database under test: the same table reached four ways (Stowage repository, bare MikroORM
// on the same ORM instance, Drizzle, the raw driver), and what the bench needs around them.
import type { NoteRow } from './entity.ts';
import type { NoteStore } from './note-store.ts';

export interface Target {
  name: string;
  stowage: NoteStore;
  mikroorm: NoteStore;
  drizzle: NoteStore;
  /** The baseline; also seeds the table and checks what the others wrote. */
  raw: NoteStore;
  /**
   * The raw driver's statements on Stowage's own pool: the control that tells Stowage's code from
   * its connection. On this 2-CPU machine a pooled connection's server process can sit on the
   * other CPU from the bench and every round trip then costs ~70 µs more, whoever sends it.
   */
  rawOnStowagePool: NoteStore;
  /** MikroORM's unit-of-work createMany (em.create per row + flush), beside its insertMany. */
  unitOfWorkCreateMany: {
    label: string;
    outside(rows: readonly NoteRow[]): Promise<unknown>;
    inTransaction(rows: readonly NoteRow[]): Promise<unknown>;
  };
  truncate(): Promise<void>;
  /** Rows in the table. */
  count(): Promise<number>;
  close(): Promise<void>;
}

/** The paths in table order: Stowage first, the raw driver and its control last. */
export const storesOf = (target: Target): NoteStore[] => [
  target.stowage,
  target.mikroorm,
  target.drizzle,
  target.raw,
  target.rawOnStowagePool,
];

/** The label of the raw path run on Stowage's pool. */
export const ON_STOWAGE_POOL = 'raw, on Stowage’s pool';
