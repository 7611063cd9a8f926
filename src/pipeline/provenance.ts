import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Provenance, ReplayOf } from '../metrics/provenance.js';
import { TOOL_VERSION } from './tool-version.js';

/** The package's root: dist/pipeline/ → two levels up. */
const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Provenance known at the start of a run; `finishProvenance` adds the wall time and peak memory. */
export function startProvenance(
  runId: string,
  argv: readonly string[],
  startedAt: Date,
  replayOf?: ReplayOf,
): Provenance {
  const cpus = os.cpus();
  return {
    runId,
    toolVersion: TOOL_VERSION,
    gitCommit: gitCommit(),
    lockfileSha256: lockfileHash(),
    node: process.version,
    nodeFlags: [...process.execArgv],
    host: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? 'unknown',
      totalMemoryBytes: os.totalmem(),
      platform: os.platform(),
      arch: os.arch(),
    },
    argv: [...argv],
    startedAt: startedAt.toISOString(),
    wallSeconds: 0,
    threads: 0,
    peakRssBytes: 0,
    ...(replayOf === undefined ? {} : { replayOf }),
  };
}

export function finishProvenance(provenance: Provenance, startedAt: Date): Provenance {
  // resourceUsage().maxRSS is in KiB on every platform Node supports.
  return {
    ...provenance,
    wallSeconds: (Date.now() - startedAt.getTime()) / 1000,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

function gitCommit(): string | null {
  try {
    return (
      execFileSync('git', ['rev-parse', 'HEAD'], {
        cwd: PACKAGE_ROOT,
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 2_000,
      })
        .toString()
        .trim() || null
    );
  } catch {
    return null;
  }
}

function lockfileHash(): string | null {
  try {
    return createHash('sha256')
      .update(readFileSync(path.join(PACKAGE_ROOT, 'package-lock.json')))
      .digest('hex');
  } catch {
    return null;
  }
}
