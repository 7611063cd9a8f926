/** File names of a result directory (the contract between running and reporting; see architecture.md). */
export const RESULT_FILES = {
  summary: 'summary.json',
  scenario: 'scenario.json',
  provenance: 'provenance.json',
  latencyCsv: 'latency.csv',
  timeseriesCsv: 'timeseries.csv',
  hlog: 'histograms.hlog',
  /** The per-interval counters (INTERVAL_STREAM_FILE in metrics/interval-stream-schema.ts). */
  intervals: 'intervals.ndjson',
  html: 'report.html',
  plotsDir: 'plots',
} as const;

/** `<op>.hgrm`: latency of one operation kind merged over shapes. */
export const opHgrmFile = (op: string): string => `${op}.hgrm`;
/** `<shape>.<op>.hgrm`: latency of one operation kind of one shape. */
export const shapeOpHgrmFile = (shape: string, op: string): string => `${shape}.${op}.hgrm`;
