// Runs an operation inside a tracing channel's trace — only when someone subscribes: otherwise
// `run` is called directly and `context` is never built (it is a function for that reason).
import type { TracingChannel } from 'node:diagnostics_channel';

export function traced<T, C extends object>(
  channel: TracingChannel<unknown, C>,
  context: () => C,
  run: (context: C | undefined) => Promise<T>,
): Promise<T> {
  if (!channel.hasSubscribers) return run(undefined);
  const made = context();
  return channel.tracePromise(() => run(made), made);
}
