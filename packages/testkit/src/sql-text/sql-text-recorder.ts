// What a driver patch (a *.test-support.ts file of each SQL driver package) reports: every
// statement text as it goes on the wire, and every value the driver received for it — bound
// parameters, or the values a client-side formatter (mysql2's query(sql, values)) put into the
// text. Only what is reported between start() and stop() is kept, so schema set-up can be left out.

export interface SqlTextRecorder {
  /** Called by a driver patch for each statement; `text` is undefined when only values are known. */
  record(text: string | undefined, values?: readonly unknown[]): void;
  start(): void;
  stop(): void;
  readonly recording: boolean;
  /** Statements recorded since creation (repeated texts counted each time). */
  readonly statements: number;
  /** Distinct statement texts recorded. */
  texts(): ReadonlySet<string>;
  /** Distinct strings among the recorded values, arrays and plain objects searched through. */
  boundStrings(): ReadonlySet<string>;
}

function collectStrings(value: unknown, into: Set<string>, depth: number): void {
  if (typeof value === 'string') into.add(value);
  else if (depth > 8 || typeof value !== 'object' || value === null) return;
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, into, depth + 1);
  else if (Object.getPrototypeOf(value) === Object.prototype)
    for (const item of Object.values(value)) collectStrings(item, into, depth + 1);
}

export function createSqlTextRecorder(): SqlTextRecorder {
  const texts = new Set<string>();
  const strings = new Set<string>();
  let recording = false;
  let statements = 0;
  return {
    record(text, values = []) {
      if (!recording) return;
      statements += 1;
      if (text !== undefined) texts.add(text);
      collectStrings(values, strings, 0);
    },
    start() {
      recording = true;
    },
    stop() {
      recording = false;
    },
    get recording() {
      return recording;
    },
    get statements() {
      return statements;
    },
    texts: () => texts,
    boundStrings: () => strings,
  };
}
