import { describe, expect, it } from 'vitest';
import { LIVE_NODE_FLAGS_ENV, RELAUNCHED_ENV, liveRelaunchFlags } from '../../src/cli/live-relaunch-plan.js';

const plain = (argv: string[], env: Record<string, string> = {}, execArgv: string[] = []) =>
  liveRelaunchFlags(argv, execArgv, env);

describe('which invocations start node again under the live flags (issue 9)', () => {
  it('relaunches the live commands with --single-threaded-gc by default', () => {
    for (const command of ['run', 'capacity', 'compare', 'serve'])
      expect(plain([command, 'scenarios/smoke.yaml']), command).toEqual(['--single-threaded-gc']);
  });

  it('leaves virtual time, studies (mostly sim, even with --live), the offline commands, help, version and dry runs in this process', () => {
    for (const argv of [
      ['sim', 'scenarios/versus.yaml'],
      ['study', 'a.yaml', 'b.yaml', '--live'],
      ['report', 'results/x'],
      ['merge', 'a', 'b'],
      ['profile', 'scenarios/smoke.yaml'],
      ['run', '--help'],
      ['--version'],
      ['run', 'scenarios/smoke.yaml', '--dry-run'],
      ['run', 'scenarios/smoke.yaml', '--dry-run=true'],
      [],
    ])
      expect(plain(argv), argv.join(' ')).toBeNull();
  });

  it('never relaunches a relaunched process', () => {
    expect(plain(['run', 'scenarios/smoke.yaml'], { [RELAUNCHED_ENV]: '1' })).toBeNull();
  });

  it('takes its flags from CHATLOAD_LIVE_NODE_FLAGS, and none when it is empty', () => {
    expect(plain(['run', 'x.yaml'], { [LIVE_NODE_FLAGS_ENV]: '' })).toBeNull();
    expect(
      plain(['run', 'x.yaml'], { [LIVE_NODE_FLAGS_ENV]: ' --single-threaded-gc  --max-semi-space-size=16 ' }),
    ).toEqual(['--single-threaded-gc', '--max-semi-space-size=16']);
  });

  it("keeps node's flags the user gave, either way and in either spelling", () => {
    expect(plain(['run', 'x.yaml'], {}, ['--single-threaded-gc'])).toBeNull();
    expect(plain(['run', 'x.yaml'], {}, ['--no-single-threaded-gc'])).toBeNull();
    expect(plain(['run', 'x.yaml'], {}, ['--single_threaded_gc'])).toBeNull();
    expect(
      plain(['run', 'x.yaml'], { [LIVE_NODE_FLAGS_ENV]: '--single-threaded-gc --max-semi-space-size=16' }, [
        '--max-semi-space-size=8',
      ]),
    ).toEqual(['--single-threaded-gc']);
  });
});
