// A child process for the fault tests: runs stowage.recover() once and prints its report as JSON.
// argv: folder, namespace.
import { openFaultStowage } from './fault-backends.test-support.ts';

const [folder, namespace] = process.argv.slice(2) as [string, string];
const stowage = await openFaultStowage({ folder, namespace });
const report = await stowage.recover();
await stowage.close();
process.stdout.write(JSON.stringify(report));
