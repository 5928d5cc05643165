// Loaded with `node --import` into the measured `stowage` process: at exit it writes its peak
// resident memory (KiB) to the file named by BENCH_PEAK_MEMORY_FILE. Nothing of this is in the CLI.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  writeFileSync(process.env.BENCH_PEAK_MEMORY_FILE, String(process.resourceUsage().maxRSS));
});
