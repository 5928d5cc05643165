// Generations are microsecond timestamps on the real service; this clock hands out strictly
// increasing ones so two writes in the same microsecond still get distinct generations.

export class GenerationClock {
  #last = 0;

  next(): number {
    const now = Date.now() * 1000;
    this.#last = Math.max(now, this.#last + 1);
    return this.#last;
  }

  /** Never hand out a generation at or below one loaded from disk. */
  observe(generation: number): void {
    if (generation > this.#last) this.#last = generation;
  }
}
