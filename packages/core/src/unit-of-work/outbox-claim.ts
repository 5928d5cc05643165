// Who applies an outbox row's steps right now. The committing process holds the row from its
// commit; after `claimMs` anyone may take it over with an optimistic-lock update of
// `claimedUntil` (so of two takers exactly one wins). The holder renews its claim while it works
// (waiting for earlier transactions, long steps), and learns when another process took it.
import type { Database } from '../contracts/database.ts';
import { isStowageError } from '../errors/stowage-error.ts';
import { OutboxEntity, type OutboxRow } from './outbox-entity.ts';

/** The claim on an outbox row was taken by another process (its claim had expired). */
export class ClaimLost extends Error {
  readonly outboxId: string;
  constructor(outboxId: string) {
    super(`outbox ${outboxId} was taken over by another process`);
    this.outboxId = outboxId;
  }
}

const lostRace = (error: unknown) =>
  isStowageError(error, 'OPTIMISTIC_LOCK') || isStowageError(error, 'NOT_FOUND');

export class OutboxClaim {
  readonly id: string;
  readonly #database: Database;
  readonly #claimMs: number;
  #version: number;
  #until: number;

  private constructor(database: Database, id: string, version: number, until: number, claimMs: number) {
    this.#database = database;
    this.id = id;
    this.#version = version;
    this.#until = until;
    this.#claimMs = claimMs;
  }

  /** The claim a committing process holds on the row it just wrote. */
  static ofCommitted(database: Database, row: OutboxRow, claimMs: number): OutboxClaim {
    return new OutboxClaim(database, row.id, row.version, row.claimedUntil.getTime(), claimMs);
  }

  /** Takes an expired row over; undefined when another process took or finished it first. */
  static async take(database: Database, row: OutboxRow, claimMs: number): Promise<OutboxClaim | undefined> {
    const until = Date.now() + claimMs;
    try {
      const taken = await database
        .repository(OutboxEntity)
        .update(row.id, { claimedUntil: new Date(until) }, { expectedVersion: row.version });
      return new OutboxClaim(database, row.id, taken.version, until, claimMs);
    } catch (error) {
      if (lostRace(error)) return undefined;
      throw error;
    }
  }

  /** Renews the claim once half of it has run out; throws ClaimLost when it was taken over. */
  async keep(): Promise<void> {
    if (Date.now() < this.#until - this.#claimMs / 2) return;
    const until = Date.now() + this.#claimMs;
    try {
      const renewed = await this.#database
        .repository(OutboxEntity)
        .update(this.id, { claimedUntil: new Date(until) }, { expectedVersion: this.#version });
      this.#version = renewed.version;
      this.#until = until;
    } catch (error) {
      if (lostRace(error)) throw new ClaimLost(this.id);
      throw error;
    }
  }

  /** True while the row exists and nobody else has claimed it since. */
  async held(): Promise<boolean> {
    const row = await this.#database.repository(OutboxEntity).findById(this.id);
    return row?.version === this.#version;
  }

  /** Gives the row up at once (a failed apply), so the next process need not wait for it. */
  async release(): Promise<void> {
    try {
      await this.#database
        .repository(OutboxEntity)
        .update(this.id, { claimedUntil: new Date(0) }, { expectedVersion: this.#version });
    } catch (error) {
      if (!lostRace(error)) throw error;
    }
  }
}
