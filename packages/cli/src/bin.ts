#!/usr/bin/env node
// The `stowage` executable. Exits explicitly: a client library's reconnect timer must not keep a
// finished command alive (stdout and stderr are synchronous on pipes and files, so nothing is lost).
import { runCli } from './run-cli.ts';

process.exit(await runCli(process.argv));
