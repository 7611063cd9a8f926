import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { epochMsOf, openMetricsOf, parseEpochDay } from '../../export/openmetrics.js';
import { readIntervalLog } from '../../metrics/interval-log.js';
import { parseIntervalStream } from '../../metrics/interval-stream-parse.js';
import { INTERVAL_STREAM_FILE } from '../../metrics/interval-stream-schema.js';
import { ProvenanceSchema } from '../../metrics/provenance.js';
import { readResultFileText } from '../../report/read-result-dir.js';
import { RESULT_FILES } from '../../report/result-files.js';
import type { CliContext } from '../cli-context.js';
import type { ExportArgs } from './export.js';

/** What `chatload export` does once its options are parsed; loaded only when `export` runs (commands/export.ts). */
export function exportHandler(args: ExportArgs, ctx: CliContext): void {
  const day = parseEpochDay(args['epoch-day']);
  const source = path.resolve(ctx.cwd, args.source);
  const isDir = existsSync(source) && statSync(source).isDirectory();
  const streamFile = isDir ? path.join(source, INTERVAL_STREAM_FILE) : source;
  const hlogFile =
    args.hlog !== undefined
      ? path.resolve(ctx.cwd, args.hlog)
      : isDir && existsSync(path.join(source, RESULT_FILES.hlog))
        ? path.join(source, RESULT_FILES.hlog)
        : undefined;
  const stream = parseIntervalStream(
    readResultFileText(
      streamFile,
      // Older result directories have no interval stream.
      streamFile.endsWith(INTERVAL_STREAM_FILE)
        ? '(older result directories have none: re-run it, or tee one with --ndjson)'
        : '',
    ),
    path.relative(ctx.cwd, streamFile) || streamFile,
  );
  const hlog = hlogFile === undefined ? undefined : readIntervalLog(readResultFileText(hlogFile, ''));
  const epochMs = epochMsOf(stream.header, day, Date.now());
  const toolVersion = isDir ? provenanceToolVersion(source) : undefined;
  const text = openMetricsOf(stream, {
    epochMs,
    ...(hlog ? { hlog } : {}),
    ...(toolVersion ? { toolVersion } : {}),
  });
  if (args.out === undefined) ctx.stdout(text);
  else writeFileSync(path.resolve(ctx.cwd, args.out), text);
  const notes = [
    `${stream.intervals.length} intervals of run ${stream.header.runId}, t = 0 at ${new Date(epochMs).toISOString()}`,
    hlog ? 'latency buckets from the hlog' : 'no hlog: counters only, no latency buckets',
    ...(stream.end ? [] : ['the stream has no end line (the run did not finish): whole intervals only']),
  ];
  ctx.stderr(
    `chatload: OpenMetrics${args.out === undefined ? '' : ` in ${args.out}`}: ${notes.join('; ')}\n`,
  );
}

const checkProvenance = TypeCompiler.Compile(ProvenanceSchema);

/** A result directory's stream leaves the version to provenance.json (decision 0002). */
function provenanceToolVersion(dir: string): string | undefined {
  const file = path.join(dir, RESULT_FILES.provenance);
  if (!existsSync(file)) return undefined;
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return checkProvenance.Check(parsed) ? parsed.toolVersion : undefined;
  } catch {
    return undefined; // a damaged provenance only costs the version label
  }
}
