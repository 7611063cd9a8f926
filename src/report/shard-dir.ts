import { join } from 'node:path';
import { ChatloadError } from '../errors.js';
import { type IntervalLogLine, intervalLogLinesByIndex } from '../metrics/interval-log-lines.js';
import { type ParsedIntervalStream, parseIntervalStream } from '../metrics/interval-stream-parse.js';
import { readResultFileText, readSummaryFile } from './read-result-dir.js';

const OLDER_OR_UNFINISHED = '(a result directory of an older chatload, or an unfinished copy?)';
import { RESULT_FILES } from './result-files.js';
import type { SummaryJson } from './summary-schema.js';

/** A result directory given to `chatload merge`: where it is, as given and resolved, and its summary. */
export interface ShardSummary {
  /** As given on the command line (what messages and the merge record name). */
  readonly dir: string;
  readonly path: string;
  readonly summary: SummaryJson;
  /** Its shard; an unsharded result is shard 0 of 1. */
  readonly index: number;
  readonly count: number;
}

/** Its interval files: the counters stream and the hlog's lines by interval, histograms still encoded. */
export interface ShardIntervals {
  readonly stream: ParsedIntervalStream;
  readonly hlog: ReadonlyMap<number, readonly IntervalLogLine[]>;
}

export interface ShardDir extends ShardSummary, ShardIntervals {}

/** First pass: the summary only, enough to check that the directories belong together. */
export function readShardSummary(dir: string, path: string): ShardSummary {
  const summary = readSummaryFile(join(path, RESULT_FILES.summary));
  return { dir, path, summary, index: summary.shard?.index ?? 0, count: summary.shard?.count ?? 1 };
}

/** Second pass, once the shards are known to belong together: the interval files. */
export function readShardIntervals(shard: ShardSummary): ShardDir {
  const streamFile = join(shard.path, RESULT_FILES.intervals);
  const stream = parseIntervalStream(readResultFileText(streamFile, OLDER_OR_UNFINISHED), streamFile);
  const intervalUs = stream.header.intervalUs;
  if (Math.round(shard.summary.intervalSeconds * 1e6) !== intervalUs) {
    throw new ChatloadError(
      'CHATLOAD_E_RESULT_DIR_INVALID',
      `${streamFile}: its interval (${intervalUs} µs) is not summary.json's (${shard.summary.intervalSeconds} s)`,
    );
  }
  const hlogFile = join(shard.path, RESULT_FILES.hlog);
  return {
    ...shard,
    stream,
    hlog: intervalLogLinesByIndex(readResultFileText(hlogFile, OLDER_OR_UNFINISHED), intervalUs, hlogFile),
  };
}
