import { ChatloadError } from '../errors.js';
import { checkedShard, type ShardSpec } from '../traffic/shard-split.js';

/**
 * Where a process learns its shard: `--shard i/N`, else a Kubernetes Indexed Job's
 * `JOB_COMPLETION_INDEX` (set by the Job controller on every pod) with `CHATLOAD_SHARD_COUNT`
 * (set by deploy/ from the Job's completions). The flag wins.
 */
export const SHARD_INDEX_ENV = 'JOB_COMPLETION_INDEX';
export const SHARD_COUNT_ENV = 'CHATLOAD_SHARD_COUNT';

export const SHARD_YARGS = {
  type: 'string',
  describe: `play shard i of N of the population, in whole cells (e.g. 1/3); default $${SHARD_INDEX_ENV}/$${SHARD_COUNT_ENV} when both are set`,
} as const;

const WHOLE = /^\s*(\d+)\s*$/;

function wholeNumber(text: string, source: string): number {
  const match = WHOLE.exec(text);
  if (!match) throw new ChatloadError('CHATLOAD_E_OPTION_INVALID', `${source}: expected a whole number, got "${text}"`);
  return Number(match[1]);
}

/** Parses `i/N` as written after `--shard`. */
export function parseShardText(text: string, source = '--shard'): ShardSpec {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) throw new ChatloadError('CHATLOAD_E_OPTION_INVALID', `${source}: expected i/N (e.g. 0/3), got "${text}"`);
  return checkedShard(Number(match[1]), Number(match[2]), source);
}

/**
 * The process's shard, or undefined for an unsharded run. The count alone is a mistake (a shard
 * would silently play everything); the index alone is any Indexed Job's, not a sharded run's,
 * and is ignored.
 */
export function resolveShard(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): ShardSpec | undefined {
  if (flag !== undefined) return parseShardText(flag);
  const indexText = env[SHARD_INDEX_ENV];
  const countText = env[SHARD_COUNT_ENV];
  if (countText === undefined || countText === '') return undefined;
  if (indexText === undefined || indexText === '') {
    throw new ChatloadError(
      'CHATLOAD_E_OPTION_INVALID',
      `$${SHARD_COUNT_ENV} is ${countText} but $${SHARD_INDEX_ENV} is not set: pass --shard i/N, or run as a pod of an Indexed Job`,
    );
  }
  const count = wholeNumber(countText, `$${SHARD_COUNT_ENV}`);
  const index = wholeNumber(indexText, `$${SHARD_INDEX_ENV}`);
  return checkedShard(index, count, `$${SHARD_INDEX_ENV}/$${SHARD_COUNT_ENV} (${indexText}/${countText})`);
}
