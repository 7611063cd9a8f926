import { spawn } from 'node:child_process';
import os from 'node:os';
import { RELAUNCHED_ENV } from './live-relaunch-plan.js';

/** Signals that end or pause a run; the launcher passes each on, once. */
const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs this CLI again under node's `flags` and becomes its shadow: the same stdio, its exit code
 * (128 + n when a signal ended it). The child gets a process group of its own, so a terminal's
 * Ctrl-C reaches the launcher only and is forwarded once (a second SIGINT would quit the run at
 * once, without its report). An IPC channel lets the child notice a launcher killed with -9.
 */
export function relaunchWithFlags(flags: readonly string[]): Promise<never> {
  const script = process.argv[1] ?? '';
  const child = spawn(process.execPath, [...process.execArgv, ...flags, script, ...process.argv.slice(2)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [RELAUNCHED_ENV]: '1' },
    detached: process.platform !== 'win32',
  });
  for (const signal of FORWARDED) process.on(signal, () => child.kill(signal));
  // Ctrl-Z stops the launcher (its group is the terminal's): stop the child with it, wake it on fg.
  process.on('SIGTSTP', () => {
    child.kill('SIGSTOP');
    process.kill(process.pid, 'SIGSTOP');
  });
  process.on('SIGCONT', () => child.kill('SIGCONT'));
  return new Promise((_resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      process.exit(code ?? 128 + (signal === null ? 0 : (os.constants.signals[signal] ?? 0)));
    });
  });
}

/**
 * In the relaunched process: a launcher that dies without passing a signal on (kill -9) takes the
 * child with it, as if the one process had been killed, so a run never goes on unseen.
 */
export function followLauncher(): void {
  if (process.env[RELAUNCHED_ENV] === undefined || process.channel === undefined) return;
  // Processes this one starts (shards, servers) decide for themselves.
  delete process.env[RELAUNCHED_ENV];
  process.channel.unref();
  process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
}
