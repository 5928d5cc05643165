// What Stowage's diagnostics cost a call while nobody subscribes, which the database benchmark
// cannot show (it has no build without them to compare with): core's traced() around a call,
// against the call itself, and publishStatement() (one per SQL statement sent) against nothing.
// Each variant runs `calls` times per round, the variants taking turns; ns per call = median
// over rounds of (variant − direct call) / calls.
import { performance } from 'node:perf_hooks';
import { publishStatement, traced } from '@stowage/core/adapter';
import { repositoryChannel } from '@stowage/core/diagnostics';

export interface AbsentCost {
  /** traced(channel, () => context, run) − run(): the check a traced call makes. */
  tracedNs: number;
  /** publishStatement(() => message): the check (and closure) per statement. */
  statementNs: number;
  /** A direct call of `run`, for scale. */
  directNs: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] as number;

export function measureAbsentCost(calls: number, rounds: number): AbsentCost {
  if (repositoryChannel.hasSubscribers) throw new Error('measureAbsentCost: the channel has a subscriber');
  const done = Promise.resolve(1);
  // What a repository call puts in its context and statement message.
  const base = { system: 'postgres', namespace: 'test', entity: 'BenchProfile', collection: 'bench_profile' };
  const run = (_context: unknown) => done;
  let sink = 0;
  const loops = {
    direct() {
      for (let i = 0; i < calls; i++) if (run(undefined) === done) sink++;
    },
    traced() {
      for (let i = 0; i < calls; i++) {
        if (
          traced(
            repositoryChannel,
            () => ({ ...base, operation: 'findById' as const, inTransaction: false }),
            run,
          ) === done
        )
          sink++;
      }
    },
    statement() {
      for (let i = 0; i < calls; i++) {
        const query = i & 1 ? 'select 1' : 'select 2';
        publishStatement(() => ({ system: base.system, entity: base.entity, query }));
        sink++;
      }
    },
    empty() {
      for (let i = 0; i < calls; i++) sink++;
    },
  };
  const names = Object.keys(loops) as (keyof typeof loops)[];
  const times: Record<keyof typeof loops, number[]> = { direct: [], traced: [], statement: [], empty: [] };
  for (let round = -2; round < rounds; round++) {
    // Two warm-up rounds (optimised code), then the order rotates.
    for (let step = 0; step < names.length; step++) {
      const name = names[(Math.max(round, 0) + step) % names.length] as keyof typeof loops;
      const started = performance.now();
      loops[name]();
      const ns = ((performance.now() - started) * 1e6) / calls;
      if (round >= 0) times[name].push(ns);
    }
  }
  if (sink === 0) throw new Error('unreachable');
  const per = (name: keyof typeof loops) => median(times[name]);
  return {
    tracedNs: per('traced') - per('direct'),
    statementNs: per('statement') - per('empty'),
    directNs: per('direct') - per('empty'),
  };
}
