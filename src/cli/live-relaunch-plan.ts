/**
 * Whether this CLI process re-runs itself under node's flags for live load (issue 9). V8's
 * helper threads share the two cores with the load worker; `--single-threaded-gc` halved the
 * generator's lateness p99 at half the 1-worker ceiling (bench/node-flags.mjs, README
 * "Measurement floor"). V8 takes that flag only when node starts (NODE_OPTIONS refuses it), so a
 * live command starts node again with it. `sim` is left alone: the flag costs it memory.
 */

/** The environment variable naming the flags; set it empty to run live commands in this process. */
export const LIVE_NODE_FLAGS_ENV = 'CHATLOAD_LIVE_NODE_FLAGS';
/** Set in the relaunched process, so it never relaunches again. */
export const RELAUNCHED_ENV = 'CHATLOAD_RELAUNCHED';
export const DEFAULT_LIVE_NODE_FLAGS: readonly string[] = ['--single-threaded-gc'];

/**
 * Commands that put load on the machine's cores in real time. Not `study`, even with `--live`: its
 * sim steps are most of its work (a 1.8 GB peak by default) and the flag costs the sim memory.
 */
const LIVE_COMMANDS: ReadonlySet<string> = new Set(['run', 'capacity', 'compare', 'serve']);
/** Options after which nothing runs live: help, version, a plan printed without load. */
const NOT_LIVE_OPTIONS: ReadonlySet<string> = new Set(['--help', '-h', '--version', '--dry-run']);

/**
 * The node flags to relaunch with, or null to run here. A rough scan of the arguments, not a
 * parse: a wrong guess costs a needless relaunch or a missed one (speed), never a wrong result.
 */
export function liveRelaunchFlags(
  argv: readonly string[],
  execArgv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): readonly string[] | null {
  if (env[RELAUNCHED_ENV] !== undefined) return null;
  if (!isLiveInvocation(argv)) return null;
  const wanted =
    env[LIVE_NODE_FLAGS_ENV] === undefined ? DEFAULT_LIVE_NODE_FLAGS : splitFlags(env[LIVE_NODE_FLAGS_ENV]);
  // A flag the user gave node already (either way, e.g. --no-single-threaded-gc) is theirs to keep.
  const given = new Set(execArgv.map(flagName));
  const missing = wanted.filter((flag) => !given.has(flagName(flag)));
  return missing.length === 0 ? null : missing;
}

function isLiveInvocation(argv: readonly string[]): boolean {
  if (argv.some((arg) => NOT_LIVE_OPTIONS.has(arg.split('=')[0] ?? arg))) return false;
  const command = argv.find((arg) => !arg.startsWith('-'));
  return command !== undefined && LIVE_COMMANDS.has(command);
}

function splitFlags(text: string): readonly string[] {
  return text.split(/\s+/).filter((flag) => flag.length > 0);
}

/** `--no-single_threaded-gc=x` → `single-threaded-gc`: V8 spells a flag with - or _, negates it with no-. */
function flagName(flag: string): string {
  const bare = (flag.split('=')[0] ?? flag).replace(/^--?/, '').replaceAll('_', '-');
  return bare.startsWith('no-') ? bare.slice(3) : bare;
}
