// A command line that parsed but does not make sense (a missing choice between two flags):
// printed with the command's usage, exit code 2 like commander's own usage errors.
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
