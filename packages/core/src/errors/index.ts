export * from './error-classes.ts';
export { redactUrl, shownUrl } from './redact.ts';
export {
  isStowageError,
  StowageError,
  type StowageErrorCode,
  type StowageErrorOptions,
} from './stowage-error.ts';
export { isUnverifiedCertificate } from './tls-errors.ts';
