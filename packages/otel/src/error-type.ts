// `error.type` for a failed call: a Stowage error's stable code (VALIDATION, NOT_FOUND, …), else
// the error's class name, else the spec's `_OTHER`. Never the message: messages may name a key.
export function errorType(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    const name = (error as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof name === 'string' && name !== '' && name !== 'Object') return name;
  }
  return '_OTHER';
}
