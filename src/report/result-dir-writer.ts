import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { IntervalLogWriter } from '../metrics/interval-log.js';
import {
  intervalRecordsOf,
  intervalStreamEnd,
  intervalStreamHeader,
  toNdjsonLine,
} from '../metrics/interval-stream.js';
import { INTERVAL_STREAM_FILE } from '../metrics/interval-stream-schema.js';
import type { ClosedInterval } from '../metrics/run-aggregate.js';
import type { RunResult } from '../metrics/run-result.js';
import { maskScenarioSecrets } from '../scenario/mask-secrets.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { RESULT_FILES } from './result-files.js';
import type { SummaryJson, ThresholdVerdict } from './summary-schema.js';
import { writeResultFiles } from './write-result-dir.js';

/** The hlog's first comment: what made it (a merge of shards writes the unsharded run's). */
export function resultLabel(engine: 'live' | 'sim', scenario: Pick<ResolvedScenario, 'name' | 'seed'>): string {
  return `chatload ${engine} ${scenario.name} seed ${scenario.seed}`;
}

/** Who writes: the hlog's label and the interval stream's header. */
export interface ResultDirIdentity {
  readonly runId: string;
  readonly engine: 'live' | 'sim';
  readonly label: string;
  readonly shard?: { readonly index: number; readonly count: number };
}

/**
 * The one writer of a result directory (decision 0001), for both engines. Before the first
 * operation it writes the resolved scenario (secrets masked); as each interval closes it
 * appends the interval to `histograms.hlog` and its counters to `intervals.ndjson`, in that
 * order, so after a crash every interval the stream commits has its histograms; at the end it
 * writes the CSVs, .hgrm files, provenance.json and, last, summary.json — a summary on disk
 * means the rest was written.
 */
export class ResultDirWriter {
  readonly #dir: string;
  readonly #scenario: ResolvedScenario;
  readonly #identity: ResultDirIdentity;
  #hlogFd: number | undefined;
  #streamFd: number | undefined;
  #log: IntervalLogWriter | undefined;
  #intervalUs = 0;
  #epochMs = 0;
  #intervals = 0;

  private constructor(dir: string, scenario: ResolvedScenario, identity: ResultDirIdentity) {
    this.#dir = dir;
    this.#scenario = scenario;
    this.#identity = identity;
  }

  /** Creates the directory and writes `scenario.json` (resolved, secrets masked). */
  static open(dir: string, scenario: ResolvedScenario, identity: ResultDirIdentity): ResultDirWriter {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, RESULT_FILES.scenario),
      `${JSON.stringify(maskScenarioSecrets(scenario), null, 2)}\n`,
    );
    return new ResultDirWriter(dir, scenario, identity);
  }

  get dir(): string {
    return this.#dir;
  }

  /** The plan's t = 0 is known: opens the interval log (StartTime = BaseTime = t = 0) and the stream. */
  start(epochMs: number, intervalUs: number): void {
    this.#intervalUs = intervalUs;
    this.#epochMs = epochMs;
    const hlogFd = openSync(join(this.#dir, RESULT_FILES.hlog), 'w');
    this.#hlogFd = hlogFd;
    this.#log = new IntervalLogWriter(
      (text) => writeSync(hlogFd, text),
      epochMs,
      intervalUs,
      this.#identity.label,
    );
    this.#streamFd = openSync(join(this.#dir, INTERVAL_STREAM_FILE), 'w');
    const { runId, engine, shard } = this.#identity;
    this.#writeStream(
      toNdjsonLine(
        intervalStreamHeader({
          runId,
          engine,
          scenario: this.#scenario.name,
          seed: this.#scenario.seed,
          runEpochMs: epochMs,
          clockStartHour: this.#scenario.clock.startHour,
          intervalUs,
          shard: shard ?? { index: 0, count: 1 },
        }),
      ),
    );
  }

  appendInterval(interval: ClosedInterval): void {
    this.#log?.write(interval);
    this.#writeStream(
      intervalRecordsOf(interval, this.#intervalUs, this.#epochMs).map(toNdjsonLine).join(''),
    );
    this.#intervals++;
  }

  #writeStream(text: string): void {
    if (this.#streamFd !== undefined) writeSync(this.#streamFd, text);
  }

  get intervalUs(): number {
    return this.#intervalUs;
  }

  /** Closes the interval log and writes the rest; returns the summary. */
  finish(result: RunResult, verdicts?: readonly ThresholdVerdict[]): SummaryJson {
    this.#writeStream(toNdjsonLine(intervalStreamEnd(this.#intervals, result.interrupted, result.elapsedUs)));
    this.close();
    writeFileSync(
      join(this.#dir, RESULT_FILES.provenance),
      `${JSON.stringify(result.provenance, null, 2)}\n`,
    );
    return writeResultFiles(this.#dir, result, verdicts);
  }

  /** Closes the interval log (idempotent; on error paths too). */
  close(): void {
    if (this.#hlogFd !== undefined) closeSync(this.#hlogFd);
    if (this.#streamFd !== undefined) closeSync(this.#streamFd);
    this.#hlogFd = undefined;
    this.#streamFd = undefined;
    this.#log = undefined;
  }
}
