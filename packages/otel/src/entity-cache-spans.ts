// `stowage:entity-cache` → one INTERNAL span per cached repository read, `{operation} {entity}`
// (e.g. `findById Note`), with its outcome: the "findById on Note, cache hit" a driver's spans
// cannot tell. It stands for its cache calls (getOrLease, fillLease: measured, but no span of
// their own — a hit is one span), and on a miss the database call is its child.
import { SpanKind } from '@opentelemetry/api';
import type { EntityCacheReadContext } from '@stowage/core/diagnostics';
import { CACHE, ENTITY } from './attribute-names.ts';
import { type ChannelMapping, defined } from './channel-spans.ts';

export const entityCacheMapping: ChannelMapping<EntityCacheReadContext> = {
  start: (call) => ({
    name: `${call.operation} ${call.entity}`,
    kind: SpanKind.INTERNAL,
    attributes: { [ENTITY.name]: call.entity, [ENTITY.operation]: call.operation },
  }),
  end: (call) => defined({ [CACHE.outcome]: call.outcome }),
  record() {},
  // Its cache round trips are its own; the database call has its own span under it.
  ownsRoundTrips: () => true,
  absorbsNested: true,
};
