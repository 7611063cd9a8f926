import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lowerCoordinatorPriority } from '../../src/load/coordinator-priority.js';

/** Every thread of a fresh process: a worker thread is started first, then the main thread lowers itself twice. */
const SCRIPT = `
  import { readdirSync, readFileSync } from 'node:fs';
  import { Worker } from 'node:worker_threads';
  const { lowerCoordinatorPriority } = await import(${JSON.stringify(path.resolve('dist/load/coordinator-priority.js'))});
  const worker = new Worker('setInterval(() => {}, 1000)', { eval: true });
  await new Promise((resolve) => worker.once('online', resolve));
  const nice = () => Object.fromEntries(readdirSync('/proc/self/task').map((tid) => [tid, Number(readFileSync('/proc/self/task/' + tid + '/stat', 'utf8').split(') ')[1].split(' ')[16])]));
  const before = nice();
  const first = lowerCoordinatorPriority();
  const second = lowerCoordinatorPriority();
  console.log(JSON.stringify({ pid: String(process.pid), before, after: nice(), first, second }));
  process.exit(0);`;

describe("the coordinator thread's priority during a live run (decision 0037)", () => {
  it.runIf(process.platform === 'linux')(
    'lowers the main thread only, once: the worker threads started before keep theirs',
    () => {
      const out = JSON.parse(
        execFileSync(process.execPath, ['--input-type=module', '-e', SCRIPT]).toString(),
      ) as {
        pid: string;
        before: Record<string, number>;
        after: Record<string, number>;
        first: boolean;
        second: boolean;
      };
      const base = out.before[out.pid] ?? 0;
      expect(out.first).toBe(true);
      expect(out.second).toBe(false);
      expect(out.after[out.pid]).toBe(Math.min(19, base + 10));
      const others = Object.entries(out.after).filter(([tid]) => tid !== out.pid);
      expect(others.length).toBeGreaterThan(1);
      for (const [tid, nice] of others) expect(nice, `thread ${tid}`).toBe(out.before[tid]);
    },
  );

  it('leaves the process alone where a nice value is not per thread', () => {
    expect(lowerCoordinatorPriority('darwin')).toBe(false);
    expect(lowerCoordinatorPriority('win32')).toBe(false);
  });
});
