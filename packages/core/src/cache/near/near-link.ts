// What keeps the near caches of several processes coherent: a link to the shared store that
// tells each process which keys changed, and lets a writer wait until every process has heard.
// @stowage/redis implements it with Redis server-assisted tracking (broadcast mode) plus a
// barrier on the same connection; core only defines the seam.

/** What a link reports to the near cache it feeds. */
export interface NearLinkListener {
  /** These full keys changed in the store (null: everything may have, e.g. FLUSHDB). */
  invalidated(keys: readonly string[] | null): void;
  /** Messages may have been lost (the connection dropped): forget everything held. */
  lost(): void;
}

export interface NearLink {
  /**
   * True while every invalidation the store sends is known to reach this process (the link is
   * connected and recently confirmed): only then may the near cache serve a value.
   */
  serving(): boolean;
  /**
   * Resolves once every process on the link has applied the invalidations of the writes that
   * returned before this call — or can no longer serve what they replaced (its link lapsed).
   * Called after each write, so a write returns only when no near cache holds what it replaced.
   */
  barrier(): Promise<void>;
  /** Starts delivering to `listener` (once). */
  listen(listener: NearLinkListener): void;
  close(): Promise<void>;
}
