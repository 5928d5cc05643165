// What the cross-store test groups inject: a crash thrown from a phase hook, a backend with one
// method replaced (to fail it, change it or watch its calls), and Stowages that crash at a chosen
// phase or whose object store is down.
import { type ObjectStore, type Stowage, type TransactionPhase, UnavailableError } from '@stowage/core';
import type { CrossStoreSuite } from '../suite-context.ts';

/** The error a simulated crash throws. */
export class Crash extends Error {}

/**
 * `target` with its method `name` replaced by what `replace` makes of the original (bound to
 * `target`); every other member as the target has it, methods bound to it.
 */
export function replacing<T extends object, K extends keyof T>(
  target: T,
  name: K,
  replace: (original: T[K]) => T[K],
): T {
  const replaced = replace((target[name] as (...args: unknown[]) => unknown).bind(target) as T[K]);
  return new Proxy(target, {
    get(on, property) {
      if (property === name) return replaced;
      const value = Reflect.get(on, property) as unknown;
      return typeof value === 'function' ? value.bind(on) : value;
    },
  });
}

export interface FaultyStowages {
  /**
   * A Stowage whose transactions crash at the phase withCrash() names and whose object store's
   * moves fail while withStoreDown() runs. By default a short claim, so recover() may take over
   * right after a simulated crash.
   */
  stowage(claimMs?: number): Stowage;
  withCrash<T>(phase: TransactionPhase, work: () => Promise<T>): Promise<T>;
  withStoreDown<T>(work: () => Promise<T>): Promise<T>;
}

export function faultyStowages(suite: CrossStoreSuite): FaultyStowages {
  let crashAt: TransactionPhase | undefined;
  let storeDown = false;
  const flaky = (objects: ObjectStore) =>
    replacing(
      objects,
      'move',
      (move) => (from, to) =>
        storeDown
          ? Promise.reject(UnavailableError.backend(objects.backend, 'simulated outage'))
          : move(from, to),
    );
  return {
    stowage: (claimMs = 1) =>
      suite.stowage(
        {
          claimMs,
          onPhase(phase) {
            if (phase === crashAt) throw new Crash(`simulated crash at ${phase}`);
          },
        },
        { objects: flaky },
      ),
    async withCrash(phase, work) {
      crashAt = phase;
      try {
        return await work();
      } finally {
        crashAt = undefined;
      }
    },
    async withStoreDown(work) {
      storeDown = true;
      try {
        return await work();
      } finally {
        storeDown = false;
      }
    },
  };
}
