// Measures how much memory a transfer keeps alive, to show a store streams rather than buffers.
// Raw peaks would mostly count dead chunks: V8 frees a Buffer's memory only at its next garbage
// collection, and it lets up to ~64 MiB of such external memory pile up before collecting. So
// the probe collects garbage before each reading when it can, and reports live memory.
import v8 from 'node:v8';
import vm from 'node:vm';

export interface MemoryGrowth {
  /** Peak resident set size above the baseline, in bytes. */
  rss: number;
  /** Peak memory held by ArrayBuffers (Buffers included) above the baseline, in bytes. */
  arrayBuffers: number;
  /** Whether readings followed a forced garbage collection (otherwise they include garbage). */
  collected: boolean;
}

export interface MemoryProbe {
  /** Takes a reading; call it from the data path every few MiB. */
  sample(): void;
  stop(): MemoryGrowth;
}

/** `gc()` when this process can have it: from --expose-gc, or by turning that flag on now. */
function findGc(): (() => void) | undefined {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return existing;
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

export function startMemoryProbe(): MemoryProbe {
  const gc = findGc();
  const read = () => {
    gc?.();
    return process.memoryUsage();
  };
  const baseline = read();
  let peakRss = baseline.rss;
  let peakArrayBuffers = baseline.arrayBuffers;
  const sample = () => {
    const now = read();
    peakRss = Math.max(peakRss, now.rss);
    peakArrayBuffers = Math.max(peakArrayBuffers, now.arrayBuffers);
  };
  return {
    sample,
    stop() {
      sample();
      return {
        rss: peakRss - baseline.rss,
        arrayBuffers: peakArrayBuffers - baseline.arrayBuffers,
        collected: gc !== undefined,
      };
    },
  };
}
