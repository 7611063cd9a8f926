import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { replicateSeeds } from '../../src/traffic/replicate-seeds.js';
import { runChatload, tempDir } from '../e2e/cli-helpers.js';

describe('chatload sim --replicates (built CLI)', () => {
  it('plays the scenario under N seeds, replicate 0 its own, one result directory each, and the figures with their intervals', async () => {
    const out = path.join(tempDir('sim-replicates'), 'out');
    // 200,000 users: at the default activity shares (0.7 %, 8 %) smoke's 20,000 leave a replicate's 20 s without chatbot traffic.
    const run = await runChatload(['sim', 'scenarios/smoke.yaml', '--replicates', '3', '--users', '200000', '--duration', '20s', '--no-progress', '--out', out]);
    expect(run.stderr).not.toContain('internal error');
    expect(run.code).toBe(0);
    const seeds = replicateSeeds(7, 3);
    expect(seeds[0]).toBe(7);
    const table = JSON.parse(readFileSync(path.join(out, 'replicates.json'), 'utf8'));
    expect(table.seeds).toEqual(seeds);
    expect(table.dirs).toEqual(seeds.map((s, r) => `r0${r}-s${s}`));
    for (const dir of table.dirs) expect(existsSync(path.join(out, dir, 'summary.json'))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(out, `r01-s${seeds[1]}`, 'summary.json'), 'utf8')).scenario.seed).toBe(seeds[1]);
    expect(run.stdout).toContain(`smoke: 3 replicates (seeds ${seeds.join(', ')}); mean [95 % CI]`);
    const inbound = table.rows.find((r: { shape: string; figure: string }) => r.shape === 'general-chatbot' && r.figure === 'messages in / s').interval;
    expect(inbound.n).toBe(3);
    expect(inbound.low).toBeLessThan(inbound.mean);
  }, 60_000);

  it('refuses a replicate count that is not a whole number ≥ 1', async () => {
    const run = await runChatload(['sim', 'scenarios/smoke.yaml', '--replicates', '0']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--replicates expects a whole number ≥ 1, got 0');
  }, 60_000);
});
