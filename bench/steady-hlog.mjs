// The steady seconds of a run's histograms.hlog, for the benches that compare runs (issue 9):
// intervals starting after the warm-up and before the run's last second (the load stopping).
// npm run build first (it reads the hlog with chatload's own reader).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { readIntervalLog, mergeHistograms } = await import(join(root, 'dist/metrics/interval-log.js'));

/**
 * `steady(startSeconds)` says whether an interval starting then is steady; `merged(match)` adds the
 * steady histograms of `<out>/histograms.hlog` whose tag `match` accepts (e.g. tags ending in /lateness).
 */
export function steadyHlog(out, plannedSeconds, warmupSeconds) {
  const steady = (startSeconds) => startSeconds >= warmupSeconds - 1e-6 && startSeconds < plannedSeconds - 1;
  const logged = readIntervalLog(readFileSync(join(out, 'histograms.hlog'), 'utf8')).filter((i) => steady(i.startSeconds));
  const merged = (match) => mergeHistograms(logged.filter((i) => match(i.tag)).map((i) => i.histogram));
  return { steady, merged };
}
