// One message shape for every mapping problem, so the entity and the field are always named:
// "Post.price: ...", with the same path as ConfigError.variable.
import { ConfigError } from '@stowage/core';

export function entityConfigError(entity: string, field: string | undefined, problem: string): ConfigError {
  const at = field === undefined ? entity : `${entity}.${field}`;
  return new ConfigError(`${at}: ${problem}`, at);
}
