// One bucket's objects: the live generation of each name plus, in versioned buckets, the
// noncurrent generations kept when a live one was overwritten or deleted. Sorted views for
// listing are cached and rebuilt only after a change that affects them.
import type { ObjectRecord } from './records.ts';
import { compareUtf8 } from './utf8-order.ts';

export class BucketObjects {
  readonly #live = new Map<string, ObjectRecord>();
  /** name → noncurrent generations, oldest first. */
  readonly #noncurrent = new Map<string, ObjectRecord[]>();
  #liveNames: string[] | undefined;
  #versions: ObjectRecord[] | undefined;

  get isEmpty(): boolean {
    return this.#live.size === 0 && this.#noncurrent.size === 0;
  }

  live(name: string): ObjectRecord | undefined {
    return this.#live.get(name);
  }

  /** The live or a noncurrent generation of `name`. */
  version(name: string, generation: number): ObjectRecord | undefined {
    const live = this.#live.get(name);
    if (live?.generation === generation) return live;
    return this.#noncurrent.get(name)?.find((record) => record.generation === generation);
  }

  /** Live names in UTF-8 byte order. */
  liveNames(): readonly string[] {
    this.#liveNames ??= [...this.#live.keys()].sort(compareUtf8);
    return this.#liveNames;
  }

  /** Every generation (live and noncurrent), by name then generation, for `versions=true`. */
  versions(): readonly ObjectRecord[] {
    if (this.#versions === undefined) {
      const names = [...new Set([...this.#live.keys(), ...this.#noncurrent.keys()])].sort(compareUtf8);
      this.#versions = names.flatMap((name) => {
        const live = this.#live.get(name);
        const old = this.#noncurrent.get(name) ?? [];
        return live === undefined ? old : [...old, live];
      });
    }
    return this.#versions;
  }

  setLive(record: ObjectRecord): void {
    if (!this.#live.has(record.name)) this.#liveNames = undefined;
    this.#live.set(record.name, record);
    this.#versions = undefined;
  }

  removeLive(name: string): void {
    if (this.#live.delete(name)) this.#liveNames = undefined;
    this.#versions = undefined;
  }

  /** Adds or replaces (same generation) a noncurrent generation. */
  putNoncurrent(record: ObjectRecord): void {
    const list = (this.#noncurrent.get(record.name) ?? []).filter(
      (entry) => entry.generation !== record.generation,
    );
    list.push(record);
    list.sort((a, b) => a.generation - b.generation);
    this.#noncurrent.set(record.name, list);
    this.#versions = undefined;
  }

  removeNoncurrent(name: string, generation: number): void {
    const list = this.#noncurrent.get(name)?.filter((entry) => entry.generation !== generation) ?? [];
    if (list.length > 0) this.#noncurrent.set(name, list);
    else this.#noncurrent.delete(name);
    this.#versions = undefined;
  }
}
