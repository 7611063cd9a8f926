import { execFileSync } from 'node:child_process';
import { getPriority } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lowerCoordinatorPriority } from '../../src/load/coordinator-priority.js';

/** Every thread's nice value in a fresh process: a worker thread is started first, then the main thread lowers itself and puts it back. */
const SCRIPT = `
  import { readdirSync, readFileSync } from 'node:fs';
  import { Worker } from 'node:worker_threads';
  const { lowerCoordinatorPriority } = await import(${JSON.stringify(path.resolve('dist/load/coordinator-priority.js'))});
  const worker = new Worker('setInterval(() => {}, 1000)', { eval: true });
  await new Promise((resolve) => worker.once('online', resolve));
  const nice = () => Object.fromEntries(readdirSync('/proc/self/task').map((tid) => [tid, Number(readFileSync('/proc/self/task/' + tid + '/stat', 'utf8').split(') ')[1].split(' ')[16])]));
  const before = nice();
  const restore = lowerCoordinatorPriority();
  const lowered = nice();
  restore();
  const restored = nice();
  const again = lowerCoordinatorPriority();
  const loweredAgain = nice();
  console.log(JSON.stringify({ pid: String(process.pid), root: process.getuid() === 0, before, lowered, restored, loweredAgain }));
  process.exit(0);`;

type Nice = Record<string, number>;

describe("the coordinator thread's priority during a live run (decision 0037)", () => {
  it.runIf(process.platform === 'linux')('lowers the main thread only, and puts it back when it may', () => {
    const out = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', SCRIPT]).toString(),
    ) as {
      pid: string;
      root: boolean;
      before: Nice;
      lowered: Nice;
      restored: Nice;
      loweredAgain: Nice;
    };
    const base = out.before[out.pid] ?? 0;
    expect(out.lowered[out.pid]).toBe(Math.min(19, base + 10));
    const others = Object.entries(out.lowered).filter(([tid]) => tid !== out.pid);
    expect(others.length).toBeGreaterThan(1);
    for (const [tid, nice] of others) expect(nice, `thread ${tid}`).toBe(out.before[tid]);
    if (out.root) {
      // Put back, so the next run (a capacity search's next step) is lowered from the same value.
      expect(out.restored[out.pid]).toBe(base);
      expect(out.loweredAgain[out.pid]).toBe(Math.min(19, base + 10));
    } else {
      // Without the right to raise a priority it stays lowered, and is not lowered a second time.
      expect(out.restored[out.pid]).toBe(Math.min(19, base + 10));
      expect(out.loweredAgain[out.pid]).toBe(Math.min(19, base + 10));
    }
  });

  it('leaves the process alone where a nice value is not per thread', () => {
    const before = getPriority(0);
    const restore = lowerCoordinatorPriority('darwin');
    expect(getPriority(0)).toBe(before);
    restore();
    lowerCoordinatorPriority('win32')();
    expect(getPriority(0)).toBe(before);
  });
});
