// Statements are compiled once per shape, with a Slot where each value goes. Kysely binds every
// Slot as a parameter; the compiled parameter list then says which value fills which placeholder,
// so a call only puts its values in that order — no SQL is built, and no value enters the text.
import type { Compilable } from 'kysely';

export class Slot {
  readonly index: number;
  constructor(index: number) {
    this.index = index;
  }
}

export interface CompiledStatement {
  sql: string;
  /** For each placeholder in `sql`, the index of the value that fills it. */
  order: readonly number[];
}

/** Compiles `query`; every parameter it binds must be a Slot (a value slipped in is a bug here). */
export function compileWithSlots(query: Compilable): CompiledStatement {
  const { sql, parameters } = query.compile();
  const order = parameters.map((parameter, i) => {
    if (!(parameter instanceof Slot)) throw new Error(`statement parameter ${i + 1} is not a slot: ${sql}`);
    return parameter.index;
  });
  return { sql, order };
}

/** The parameters of one call: `values` in placeholder order. */
export function parametersOf(statement: CompiledStatement, values: readonly unknown[]): unknown[] {
  const { order } = statement;
  const out = new Array<unknown>(order.length);
  for (let i = 0; i < order.length; i++) out[i] = values[order[i] as number];
  return out;
}
