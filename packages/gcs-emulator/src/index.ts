// @stowage/gcs-emulator: a Google Cloud Storage emulator for tests, speaking the JSON API that
// @google-cloud/storage uses (plus the XML-API paths of signed URLs and POST policy forms), in
// memory or in a folder.
export { type RunningEmulator, type StartOptions, start } from './start.ts';
