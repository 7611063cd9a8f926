import type { Options } from 'yargs';
import { ChatloadError } from '../errors.js';
import { parseStartAt, type StartBarrier } from '../pipeline/start-barrier.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { cellsOfShard, type ShardSpec } from '../traffic/shard-split.js';
import { resolveShard, SHARD_YARGS } from './shard-option.js';

/** `run`'s options for a distributed live run (decisions 0028, 0029), added as one block. */
export const LIVE_SHARD_YARGS = {
  shard: SHARD_YARGS,
  'start-at': {
    type: 'string',
    describe: 'begin the plan at this wall-clock instant (ISO-8601 with a zone, e.g. 2026-11-30T12:00:00Z), the same for every shard; ready later than it plus one interval: exit 5',
  },
  'late-join': {
    type: 'boolean',
    default: false,
    describe: 'with --start-at: a shard ready too late plays the rest of the plan and records what it skipped, instead of exit 5',
  },
} as const satisfies Record<string, Options>;

export interface LiveShardArgs {
  shard?: string;
  'start-at'?: string;
  'late-join': boolean;
}

export interface LiveShard {
  readonly shard: ShardSpec | undefined;
  /** The shard's population cells; undefined plays all. */
  readonly cells: readonly number[] | undefined;
  readonly startBarrier: StartBarrier | undefined;
}

/**
 * A live run's shard and start barrier, checked at the edge: a shard of several needs a shared
 * `--target` (N embedded mocks would be N platforms), `--late-join` needs `--start-at`.
 */
export function liveShardOf(
  args: LiveShardArgs,
  scenario: ResolvedScenario,
  env: Readonly<Record<string, string | undefined>>,
): LiveShard {
  const shard = resolveShard(args.shard, env);
  if (shard !== undefined && shard.count > 1 && scenario.target === 'embedded') {
    throw new ChatloadError(
      'CHATLOAD_E_USAGE',
      `shard ${shard.index}/${shard.count} needs --target: the shards of one run must load one shared platform, and ${shard.count} embedded mocks would be ${shard.count} platforms (start one with \`chatload serve\`)`,
    );
  }
  if (args['late-join'] && args['start-at'] === undefined) {
    throw new ChatloadError('CHATLOAD_E_USAGE', '--late-join needs --start-at: it says what to do when the start barrier was missed');
  }
  const startBarrier =
    args['start-at'] === undefined ? undefined : { atEpochMs: parseStartAt(args['start-at']), lateJoin: args['late-join'] };
  return { shard, cells: shard === undefined ? undefined : cellsOfShard(shard), startBarrier };
}

/** A live run id with its shard, so the shards of one run sort together: `…-shard-1-of-3`. */
export function shardRunIdSuffix(shard: ShardSpec | undefined): string {
  return shard === undefined ? '' : `-shard-${shard.index}-of-${shard.count}`;
}
