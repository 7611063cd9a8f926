import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChatload, tempDir } from './cli-helpers.js';

describe('a live command runs under its node flags and still stops once on Ctrl-C (issue 9)', () => {
  it("records node's flags in provenance.json, and a terminal's Ctrl-C (SIGINT to the job's group) stops it once, with its report", async () => {
    const out = path.join(tempDir('relaunch'), 'result');
    const stream = path.join(out, 'intervals.ndjson');
    const run = await runChatload(
      ['run', 'scenarios/smoke.yaml', '--duration', '60s', '--pre-roll', '0', '--out', out, '--no-progress'],
      (child) => {
        const timer = setInterval(() => {
          if (existsSync(stream) && readFileSync(stream, 'utf8').includes('"kind":"series"')) {
            clearInterval(timer);
            process.kill(-(child.pid ?? 0), 'SIGINT');
          }
        }, 50);
        child.on('close', () => clearInterval(timer));
      },
      { CHATLOAD_LIVE_NODE_FLAGS: '--single-threaded-gc' },
      true,
    );
    expect(run.code).toBe(130);
    // Once: a second SIGINT would have quit at once, without the summary.
    expect(run.stderr.match(/SIGINT received/g)).toHaveLength(1);
    expect(JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')).interrupted).toBe(true);
    const provenance = JSON.parse(readFileSync(path.join(out, 'provenance.json'), 'utf8'));
    expect(provenance.nodeFlags).toContain('--single-threaded-gc');
  }, 60_000);
});
