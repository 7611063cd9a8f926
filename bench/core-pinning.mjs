// Pinning a bench's processes to cores with `taskset` (util-linux), where the machine has it: the
// servers on core 0, the clients on core 1, so neither steals the other's core.
import { execFileSync } from 'node:child_process';

/** Whether `taskset` runs here. */
export function tasksetAvailable() {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return true;
  } catch {
    return false;
  }
}

/** `[command, args]` that run `command args` on `cores` (e.g. '1' or '0,1') when `pin`, else as given. */
export function pinnedOn(pin, cores, command, args) {
  return pin ? ['taskset', ['-c', cores, command, ...args]] : [command, args];
}
