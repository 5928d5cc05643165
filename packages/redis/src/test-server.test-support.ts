// What the Redis tests share: the server under test and a logger that keeps the output clean.
import type { Logger } from '@stowage/core';

export const redisUrl = process.env.STOWAGE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
