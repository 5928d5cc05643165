// A Logger that drops everything, for tests whose expected failures would only fill the output.
import type { Logger } from '@stowage/core';

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
