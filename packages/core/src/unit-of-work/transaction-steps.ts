// What a committed transaction still has to do outside the database, in the order it asked for
// it: object steps first, then cache invalidations. Stored as JSON in the outbox row and checked
// with zod when read back, so a damaged row is reported rather than half-applied.
import { z } from 'zod';

const key = z.string().min(1);

export const stepSchema = z.discriminatedUnion('op', [
  /**
   * Moves a staged body to its key. `size` and `md5` are what the staging put reported, so a
   * re-run that finds the staged body gone can tell whether the key holds it (rows written
   * before they were recorded have neither).
   */
  z.object({
    op: z.literal('promote'),
    staged: key,
    key,
    size: z.number().int().nonnegative().optional(),
    md5: z.string().optional(),
  }),
  z.object({ op: z.literal('delete'), key }),
  z.object({ op: z.literal('copy'), from: key, to: key }),
  z.object({ op: z.literal('move'), from: key, to: key }),
  /** Keys of the application's cache, or of its entity cache namespace. */
  z.object({ op: z.literal('invalidate'), namespace: z.enum(['app', 'entities']), keys: z.array(key) }),
  z.object({ op: z.literal('invalidateTags'), tags: z.array(key) }),
]);

export type TransactionStep = z.infer<typeof stepSchema>;

/** The object keys a step reads or writes: what orders it against other transactions' steps. */
export function objectKeysOf(step: TransactionStep): string[] {
  switch (step.op) {
    case 'promote':
    case 'delete':
      return [step.key];
    case 'copy':
    case 'move':
      return [step.from, step.to];
    default:
      return [];
  }
}

export function encodeSteps(steps: readonly TransactionStep[]): string {
  return JSON.stringify(steps);
}

export function decodeSteps(text: string): TransactionStep[] {
  return z.array(stepSchema).parse(JSON.parse(text));
}

/** Object steps in order, then one invalidation per namespace and one for tags. */
export function orderSteps(steps: readonly TransactionStep[]): TransactionStep[] {
  const objects = steps.filter((step) => step.op !== 'invalidate' && step.op !== 'invalidateTags');
  const merged = new Map<'app' | 'entities', Set<string>>();
  const tags = new Set<string>();
  for (const step of steps) {
    if (step.op === 'invalidate') {
      const set = merged.get(step.namespace) ?? new Set<string>();
      for (const k of step.keys) set.add(k);
      merged.set(step.namespace, set);
    } else if (step.op === 'invalidateTags') for (const tag of step.tags) tags.add(tag);
  }
  const cache: TransactionStep[] = [...merged].map(([namespace, keys]) => ({
    op: 'invalidate',
    namespace,
    keys: [...keys],
  }));
  if (tags.size > 0) cache.push({ op: 'invalidateTags', tags: [...tags] });
  return [...objects, ...cache];
}
