// `stowage:entity-cache` → one INTERNAL span per cached repository read, `{operation} {entity}`
// (e.g. `findById Note`), with its outcome: the "findById on Note, cache hit" a driver's spans
// cannot tell. Its cache calls and, on a miss, the database call nest under it; their spans
// carry the measurements (no metric of its own).
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
  // Its round trips are the nested cache and repository calls, which have client spans.
  ownsRoundTrips: () => false,
};
