// One process of the mixed-operation near-cache race: like near-worker.test-support.ts, each key
// has one writer (key i belongs to process i % processes) and versions only grow, but a write is
// any of set, setMany, delete, invalidate and invalidateTags (each key has its own tag), and reads
// are get and getMany of a few keys at once, held and missing mixed. It logs each write's return
// ([key, version, at µs, 1 when it removed the value]) and each read's start
// ([key, at µs, version seen or -1]) to `log`, and prints its stats.
import { writeFile } from 'node:fs/promises';
import { raceClock, silentLogger } from '@stowage/test-support';
import { createRedisCache } from '../index.ts';

const [url, namespace, log, index, processes, keys, ms, startAt] = process.argv.slice(2) as string[];
const me = Number(index);
const root = await createRedisCache({
  url: url as string,
  namespace: namespace as string,
  logger: silentLogger,
  timeoutMs: 5_000,
  near: {},
});
// Half the keys live in a child namespace view: both must stay coherent.
const child = root.withNamespace('child');
const keyCount = Number(keys);
const viewOf = (key: number) => (key % 2 === 0 ? root : child);
const mine = Array.from({ length: keyCount }, (_, key) => key).filter(
  (key) => key % Number(processes) === me,
);
const writes: [number, number, number, number][] = [];
const reads: [number, number, number][] = [];
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
const until = Date.now() + Number(ms);

const writer = async () => {
  let version = 0;
  while (Date.now() < until) {
    version += 1;
    const op = version % 7;
    if (op === 1 || op === 5) {
      // setMany per view, every key of mine at once
      for (const view of [root, child]) {
        const entries = mine
          .filter((key) => viewOf(key) === view)
          .map((key) => ({ key: `k${key}`, value: { version }, tags: [`t${key}`] }));
        await view.setMany(entries);
        const at = raceClock();
        for (const entry of entries) writes.push([Number(entry.key.slice(1)), version, at, 0]);
      }
    } else {
      for (const key of mine) {
        const view = viewOf(key);
        if (op === 2) await view.invalidate([`k${key}`]);
        else if (op === 4) await view.delete(`k${key}`);
        else if (op === 6) await view.invalidateTags([`t${key}`]);
        else await view.set(`k${key}`, { version }, { tags: [`t${key}`] });
        writes.push([key, version, raceClock(), op === 2 || op === 4 || op === 6 ? 1 : 0]);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
};
const reader = async (offset: number) => {
  let i = offset;
  while (Date.now() < until) {
    i += 1;
    if (i % 3 === 0) {
      const key = i % keyCount;
      const started = raceClock();
      const value = await viewOf(key).get<{ version: number }>(`k${key}`);
      reads.push([key, started, value?.version ?? -1]);
    } else {
      // a few keys of one view (same parity), some held, some not
      const first = i % keyCount;
      const batch = [first, (first + 2) % keyCount, (first + 4) % keyCount];
      const started = raceClock();
      const values = await viewOf(first).getMany<{ version: number }>(batch.map((key) => `k${key}`));
      for (const [j, key] of batch.entries()) reads.push([key, started, values[j]?.version ?? -1]);
    }
    if (i % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
};
await Promise.all([writer(), reader(0), reader(1), reader(2)]);
const stats = root.stats();
await root.close();
await writeFile(log as string, JSON.stringify({ writes, reads }));
console.log(JSON.stringify({ near: stats.near, reads: reads.length, writes: writes.length }));
