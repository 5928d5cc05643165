// @stowage/gcs-emulator: a Google Cloud Storage emulator for tests, speaking the JSON API that
// @google-cloud/storage uses (plus V4 signed-URL GET/PUT), in memory or in a folder.
export { type RunningEmulator, type StartOptions, start } from './start.ts';
