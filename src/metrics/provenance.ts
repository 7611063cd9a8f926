import { type Static, Type } from '@sinclair/typebox';

/**
 * Where and with what a result was made (decision 0002): everything that depends on the wall
 * clock, the host or the build lives here, in `provenance.json`, so every other file of a sim
 * result is the same bytes for the same scenario and seed.
 */
export const ReplayOfSchema = Type.Object({
  /** The result directory given to --from, as given. */
  dir: Type.String(),
  runId: Type.Union([Type.String(), Type.Null()]),
  planFingerprint: Type.Union([Type.String(), Type.Null()]),
  toolVersion: Type.Union([Type.String(), Type.Null()]),
  gitCommit: Type.Union([Type.String(), Type.Null()]),
  /** Masked secrets the replay restored to their defaults. */
  restoredSecrets: Type.Array(Type.String()),
});
export type ReplayOf = Static<typeof ReplayOfSchema>;

export const ProvenanceSchema = Type.Object({
  runId: Type.String(),
  toolVersion: Type.String(),
  /** `git rev-parse HEAD` of the checkout chatload ran from, when it is one. */
  gitCommit: Type.Union([Type.String(), Type.Null()]),
  /** SHA-256 of the package-lock.json shipped with this chatload. */
  lockfileSha256: Type.Union([Type.String(), Type.Null()]),
  node: Type.String(),
  /** node's own flags (process.execArgv), e.g. --single-threaded-gc on a live run; absent in results before 0.1.0's relaunch. */
  nodeFlags: Type.Optional(Type.Array(Type.String())),
  host: Type.Object({
    cpus: Type.Integer(),
    cpuModel: Type.String(),
    totalMemoryBytes: Type.Number(),
    platform: Type.String(),
    arch: Type.String(),
  }),
  /** The command line, as given. */
  argv: Type.Array(Type.String()),
  /** Wall-clock start of the process's run, ISO-8601. */
  startedAt: Type.String(),
  /** Wall time the run took, seconds. */
  wallSeconds: Type.Number({ minimum: 0 }),
  /** Live: load workers; sim: threads (they never change a sim's result). */
  threads: Type.Integer({ minimum: 0 }),
  /** Peak resident set size of the process, bytes (what a sim's memory bound is checked against). */
  peakRssBytes: Type.Number({ minimum: 0 }),
  /** The result this one replays (`run|sim --from <dir>`): its directory and what it says of itself. */
  replayOf: Type.Optional(ReplayOfSchema),
});
export type Provenance = Static<typeof ProvenanceSchema>;
