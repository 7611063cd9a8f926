import { ChatloadError } from '../errors.js';
import { secondsToUs } from '../units.js';

/** One tagged line of a chatload interval log, its histogram still encoded. */
export interface IntervalLogLine {
  readonly tag: string;
  /** Interval number: the line's start (seconds after BaseTime) ÷ the interval length. */
  readonly index: number;
  readonly encoded: string;
}

/**
 * The tagged lines of an interval log chatload wrote (IntervalLogWriter), grouped by interval,
 * without decoding a histogram: a day of a large sim holds thousands of them, and each decoded
 * histogram of the house settings takes ~94 kB, so a merge decodes one interval at a time.
 * Start times are relative to `#[BaseTime]` (the plan's t = 0) and fall on the interval grid.
 */
export function intervalLogLinesByIndex(text: string, intervalUs: number, file = 'histograms.hlog'): Map<number, IntervalLogLine[]> {
  const byIndex = new Map<number, IntervalLogLine[]>();
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (!line.startsWith('Tag=')) continue;
    const fields = line.slice('Tag='.length).split(',');
    const [tag, start, , , encoded] = fields;
    const startUs = secondsToUs(Number(start));
    const index = Math.round(startUs / intervalUs);
    if (fields.length !== 5 || tag === undefined || encoded === undefined || !Number.isFinite(startUs) || Math.abs(index * intervalUs - startUs) > 1_000) {
      throw new ChatloadError('CHATLOAD_E_RESULT_DIR_INVALID', `${file}: line ${i + 1} is not an interval line of this log's ${intervalUs} µs grid`);
    }
    const entry = { tag, index, encoded };
    const list = byIndex.get(index);
    if (list === undefined) byIndex.set(index, [entry]);
    else list.push(entry);
  }
  return byIndex;
}
