/**
 * The interval stream's name, file and version (the schema itself: interval-stream-schema.ts).
 * Apart from the schema so the load workers write the stream without loading TypeBox.
 */
export const INTERVAL_STREAM_SCHEMA = 'chatload/intervals';
/** Its name in a result directory, beside histograms.hlog. */
export const INTERVAL_STREAM_FILE = 'intervals.ndjson';
export const INTERVAL_STREAM_VERSION = 1;
