#!/usr/bin/env node
import { liveRelaunchFlags } from './live-relaunch-plan.js';

// A live command starts node again under the flags that lower its floor (live-relaunch-plan.ts);
// everything else runs here. Imports are lazy so --version and sim load neither side's code.
const flags = liveRelaunchFlags(process.argv.slice(2), process.execArgv, process.env);
if (flags === null) {
  (await import('./live-relaunch.js')).followLauncher();
  await (await import('./main.js')).main();
} else {
  await (await import('./live-relaunch.js')).relaunchWithFlags(flags);
}
