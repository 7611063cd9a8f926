import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { IntervalLogWriter } from '../metrics/interval-log.js';
import type { ClosedInterval } from '../metrics/run-aggregate.js';
import type { RunResult } from '../metrics/run-result.js';
import { maskScenarioSecrets } from '../scenario/mask-secrets.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { RESULT_FILES } from './result-files.js';
import type { SummaryJson, ThresholdVerdict } from './summary-schema.js';
import { writeResultFiles } from './write-result-dir.js';

/**
 * The one writer of a result directory (decision 0001), for both engines. Before the first
 * operation it writes the resolved scenario (secrets masked); as each interval closes it
 * appends the interval to `histograms.hlog` (so a crash loses at most one interval); at the
 * end it writes the CSVs, .hgrm files, provenance.json and, last, summary.json — a summary on
 * disk means the rest was written.
 */
export class ResultDirWriter {
  readonly #dir: string;
  readonly #label: string;
  #hlogFd: number | undefined;
  #log: IntervalLogWriter | undefined;
  #intervalUs = 0;

  private constructor(dir: string, label: string) {
    this.#dir = dir;
    this.#label = label;
  }

  /** Creates the directory and writes `scenario.json` (resolved, secrets masked). */
  static open(dir: string, scenario: ResolvedScenario, label: string): ResultDirWriter {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, RESULT_FILES.scenario),
      `${JSON.stringify(maskScenarioSecrets(scenario), null, 2)}\n`,
    );
    return new ResultDirWriter(dir, label);
  }

  get dir(): string {
    return this.#dir;
  }

  /** The plan's t = 0 is known: opens the interval log with it as StartTime and BaseTime. */
  start(epochMs: number, intervalUs: number): void {
    this.#intervalUs = intervalUs;
    this.#hlogFd = openSync(join(this.#dir, RESULT_FILES.hlog), 'w');
    const fd = this.#hlogFd;
    this.#log = new IntervalLogWriter((text) => writeSync(fd, text), epochMs, intervalUs, this.#label);
  }

  appendInterval(interval: ClosedInterval): void {
    this.#log?.write(interval);
  }

  get intervalUs(): number {
    return this.#intervalUs;
  }

  /** Closes the interval log and writes the rest; returns the summary. */
  finish(result: RunResult, verdicts?: readonly ThresholdVerdict[]): SummaryJson {
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
    this.#hlogFd = undefined;
    this.#log = undefined;
  }
}
