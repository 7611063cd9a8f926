import type { Options } from 'yargs';
import { ChatloadError } from '../errors.js';
import { parsePushGatewayUrl } from '../export/push-gateway.js';
import { parseDurationUs, US_PER_SECOND, usToSeconds } from '../units.js';

/**
 * How long /metrics stays up after the run for a final scrape: twice a 1 s scrape interval (the
 * interval chatload's own interval log uses and deploy/grafana's dashboard assumes), so one
 * whole scrape interval fits after the end whatever the phase. With a longer scrape interval,
 * pass twice yours; 0 closes at once.
 */
export const DEFAULT_METRICS_LINGER_US = 2 * US_PER_SECOND;

/** The run command's live-output options (yargs), added by `run` as one block. */
export const LIVE_OUTPUT_YARGS = {
  'metrics-port': { type: 'number', describe: 'serve Prometheus metrics on this port during the run (/metrics; 0 = any free port)' },
  'metrics-host': { type: 'string', default: '127.0.0.1', describe: 'address for --metrics-port' },
  'metrics-linger': { type: 'string', default: `${usToSeconds(DEFAULT_METRICS_LINGER_US)}s`, describe: 'after the run, keep /metrics up this long for a final scrape: twice your scrape interval' },
  'push-gateway': { type: 'string', describe: 'Pushgateway URL: push every interval and the final result (job chatload, run_id, shard)' },
  ndjson: { type: 'string', requiresArg: true, describe: "tee the per-interval stream (intervals.ndjson) to this file, or '-' for stdout" },
} as const satisfies Record<string, Options>;

export interface LiveOutputArgs {
  'metrics-port'?: number;
  'metrics-host': string;
  'metrics-linger': string;
  'push-gateway'?: string;
  ndjson?: string;
}

export interface LiveOutputOptions {
  readonly metricsPort: number | undefined;
  readonly metricsHost: string;
  readonly metricsLingerUs: number;
  readonly pushGateway: string | undefined;
  /** A file path, or '-' for stdout. */
  readonly ndjson: string | undefined;
  /** This process's part of a sharded run; an unsharded run is shard 0 of 1. */
  readonly shard: { readonly index: number; readonly count: number };
}

/** Checks the options once, at the edge; every bad value is a usage error (exit 2). */
export function liveOutputOptionsOf(args: LiveOutputArgs, shard = { index: 0, count: 1 }): LiveOutputOptions {
  const port = args['metrics-port'];
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535)) {
    throw new ChatloadError('CHATLOAD_E_OPTION_INVALID', `--metrics-port expects 0–65535, got ${port}`);
  }
  const lingerUs = parseDurationUs(args['metrics-linger']);
  if (lingerUs === undefined) throw new ChatloadError('CHATLOAD_E_OPTION_INVALID', `--metrics-linger expects a duration such as 2s, got "${args['metrics-linger']}"`);
  if (args.ndjson === '') throw new ChatloadError('CHATLOAD_E_OPTION_INVALID', "--ndjson expects a file name or '-'");
  return {
    metricsPort: port,
    metricsHost: args['metrics-host'],
    metricsLingerUs: lingerUs,
    pushGateway: args['push-gateway'] === undefined ? undefined : parsePushGatewayUrl(args['push-gateway']),
    ndjson: args.ndjson,
    shard,
  };
}
