import { countsOnly, type Histogram } from '../metrics/hdr-settings.js';
import { US_PER_MS } from '../units.js';

/** Percentile ticks per half distance, as wrk2 and HdrHistogram's own tools print. */
const TICKS_PER_HALF_DISTANCE = 5;

/**
 * A histogram (µs) in HdrHistogram's percentile-distribution (.hgrm) text with values in ms:
 * the format the standard HdrHistogram plotter loads.
 */
export function hgrmText(histogram: Histogram): string {
  // From the counts alone, so the footer's Max does not depend on how the counts were gathered.
  return countsOnly(histogram).outputPercentileDistribution(TICKS_PER_HALF_DISTANCE, US_PER_MS);
}
