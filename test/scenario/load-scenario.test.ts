import { describe, expect, it } from 'vitest';
import { ChatloadError, formatIssue } from '../../src/errors.js';
import { loadScenarioFile, loadScenarioText } from '../../src/scenario/load-scenario.js';

function issuesOf(text: string): ChatloadError['issues'] {
  try {
    loadScenarioText(text, 'bad.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ChatloadError);
    expect((error as ChatloadError).code).toBe('CHATLOAD_E_SCENARIO_INVALID');
    return (error as ChatloadError).issues;
  }
  throw new Error('expected the scenario to be rejected');
}

describe('scenario loading', () => {
  it.each(['customer-service', 'general-chatbot', 'smoke'])(
    'accepts the shipped scenario %s with every default resolved',
    (name) => {
      const scenario = loadScenarioFile(`scenarios/${name}.yaml`);
      expect(scenario.name).toBe(name);
      expect(scenario.durationUs).toBeGreaterThan(0);
      expect(Object.isFrozen(scenario)).toBe(true);
      expect(Object.isFrozen(scenario.traffic.mix[0]?.params)).toBe(true);
      for (const entry of scenario.traffic.mix) expect(entry.params.hourlyWeights).toHaveLength(24);
    },
  );

  it('lets command-line values override the file', () => {
    const scenario = loadScenarioFile('scenarios/general-chatbot.yaml', {
      users: 123,
      duration: '1m',
      workers: 2,
      dayIn: '1m',
    });
    expect(scenario.users).toBe(123);
    expect(scenario.durationUs).toBe(60_000_000);
    expect(scenario.workers).toBe(2);
    expect(scenario.clock.dayInUs).toBe(60_000_000);
  });

  it('reports every problem at once with file, line and field', () => {
    const issues = issuesOf(
      [
        'name: broken', // line 1
        'users: -5', // line 2
        'duration: soon', // line 3
        'traffic:', // line 4
        '  mix:', // line 5
        '    - shape: customer-service', // line 6
        '      weight: 0', // line 7
        'colour: blue', // line 8
      ].join('\n'),
    );
    const byField = Object.fromEntries(issues.map((issue) => [issue.field, issue]));
    expect(byField.users).toMatchObject({ file: 'bad.yaml', line: 2 });
    expect(byField.users?.message).toMatch(/greater|>=|minimum/i);
    expect(byField.duration).toMatchObject({ line: 3 });
    expect(byField['traffic.mix.0.weight']).toMatchObject({ line: 7 });
    expect(byField.colour).toMatchObject({ line: 8 });
    expect(byField.colour?.message).toMatch(/unknown field "colour"/);
  });

  it('names the variant field that is wrong inside a distribution', () => {
    const issues = issuesOf(
      [
        'name: d',
        'users: 10',
        'traffic:',
        '  mix:',
        '    - shape: general-chatbot',
        '      params:',
        '        replyChars: { dist: lognormal, median: 1000, p90: 500 }',
        '        thinkTimeSeconds: { dist: exponential, mean: -3 }',
      ].join('\n'),
    );
    const fields = issues.map((issue) => `${issue.field}@${issue.line}: ${issue.message}`);
    expect(fields.some((f) => f.startsWith('traffic.mix.0.params.thinkTimeSeconds.mean@8'))).toBe(true);
    expect(
      issues.some((issue) => issue.message.includes('p90 (500) must not be below the median (1000)')),
    ).toBe(false); // schema errors come first
  });

  it('checks distribution parameters a schema cannot express', () => {
    const issues = issuesOf(
      [
        'name: d',
        'users: 10',
        'traffic:',
        '  mix:',
        '    - shape: general-chatbot',
        '      params:',
        '        replyChars: { dist: lognormal, median: 1000, p90: 500 }',
      ].join('\n'),
    );
    expect(issues).toEqual([
      expect.objectContaining({
        field: 'traffic.mix.0.params.replyChars',
        line: 7,
        message: 'lognormal: p90 (500) must not be below the median (1000)',
      }),
    ]);
  });

  it('rejects YAML syntax errors with their line', () => {
    const issues = issuesOf('name: x\nusers: [1, 2\n');
    expect(issues[0]?.message).toMatch(/YAML syntax/);
    expect(issues[0]?.line).toBeGreaterThanOrEqual(2);
  });

  it('rejects a YAML alias bomb as a coded error, not a crash', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 4 }, (_, i) => `${'bcde'[i]}: &${'bcde'[i]} [${Array(10).fill(i === 0 ? '*a' : `*${'bcde'[i - 1]}`).join(', ')}]`)].join('\n');
    expect(issuesOf(bomb)).toEqual([expect.objectContaining({ line: 1, message: expect.stringMatching(/^YAML syntax: .*alias/i) })]);
  });

  it('rejects a target that is not a URL', () => {
    const issues = issuesOf(
      'name: x\nusers: 1\ntarget: ftp//nowhere\ntraffic:\n  mix:\n    - shape: general-chatbot\n',
    );
    expect(issues).toEqual([expect.objectContaining({ field: 'target', line: 3 })]);
  });

  it('says which file could not be read', () => {
    expect(() => loadScenarioFile('scenarios/does-not-exist.yaml')).toThrowError(
      /cannot read scenario file scenarios\/does-not-exist.yaml/,
    );
  });

  describe('reply style: one bot, one behaviour', () => {
    const chatbot = (params: string) => `name: x\nusers: 10\ntraffic:\n  mix:\n    - { shape: general-chatbot, params: ${params} }\n`;
    const styleOf = (params: string) => {
      const entry = loadScenarioText(chatbot(params), 'x.yaml').traffic.mix[0]!;
      return entry.shape === 'general-chatbot' ? entry.params.replyStyle : undefined;
    };

    it('defaults to split and reads older files’ splitAtLimitShare 0 or 1 as a style', () => {
      expect(styleOf('{}')).toBe('split');
      expect(styleOf('{ replyStyle: chunked }')).toBe('chunked');
      expect(styleOf('{ splitAtLimitShare: 0 }')).toBe('chunked');
      expect(styleOf('{ splitAtLimitShare: 1 }')).toBe('split');
      expect(loadScenarioText(chatbot('{ splitAtLimitShare: 1 }'), 'x.yaml').traffic.mix[0]!.params).not.toHaveProperty('splitAtLimitShare');
    });

    it('refuses a share in between with the two ways to model a mix of bots', () => {
      const [issue] = issuesOf(chatbot('{ splitAtLimitShare: 0.7 }'));
      expect(issue).toMatchObject({ field: 'traffic.mix.0.params.splitAtLimitShare', line: 5 });
      expect(issue!.message).toMatch(/two general-chatbot mix entries \(e\.g\. weight 0\.7 with replyStyle: split and weight 0\.3 with replyStyle: chunked\), or run two scenarios/);
    });

    it('refuses a share that contradicts a stated replyStyle', () => {
      expect(issuesOf(chatbot('{ splitAtLimitShare: 0, replyStyle: split }'))[0]!.message).toMatch(/means replyStyle: chunked, but replyStyle is split/);
    });
  });

  it('appends --threshold values to the thresholds of the file', () => {
    expect(loadScenarioFile('scenarios/smoke.yaml', { thresholds: ['p99<1s'] }).thresholds).toEqual(['p99<1s']);
  });
});

const MIX = 'traffic:\n  mix: [{ shape: general-chatbot }]\n';

describe('scenario bounds (what chatload can honour, from the one schema)', () => {
  it.each([
    ['duration: 0.0000001s', 'duration', 'expected a duration from 1ms to 30d, got 0.0000001s'],
    ['duration: 31d', 'duration', 'expected a duration from 1ms to 30d, got 31d'],
    ['clock: { dayIn: 999ms }', 'clock.dayIn', 'expected a duration from 1s to 30d, got 999ms'],
    ['clock: { preRoll: 31d }', 'clock.preRoll', 'expected a duration from 0s to 30d, got 31d'],
    ['load: { interval: 0 }', 'load.interval', 'expected a duration from 10ms to 1h, got 0 (seconds)'],
    ['load: { interval: 2h }', 'load.interval', 'expected a duration from 10ms to 1h, got 2h'],
    ['load: { interval: 31s }', 'load.interval', "expected at most the run's duration (30s), got 31s"],
    ['load: { requestTimeout: 0.5ms }', 'load.requestTimeout', 'expected a duration from 1ms to 10m, got 0.5ms'],
    ['load: { requestTimeout: 11m }', 'load.requestTimeout', 'expected a duration from 1ms to 10m, got 11m'],
    ['load: { latenessWarn: 0us }', 'load.latenessWarn', 'expected a duration from 1us to 1m, got 0us'],
    ['load: { latenessWarn: 2m }', 'load.latenessWarn', 'expected a duration from 1us to 1m, got 2m'],
  ])('rejects %s', (line, field, message) => {
    expect(issuesOf(`name: b\nusers: 10\n${line}\n${MIX}`)).toEqual([{ file: 'bad.yaml', line: 3, field, message }]);
  });

  it('accepts the bounds themselves', () => {
    const scenario = loadScenarioText(
      `name: b\nusers: 10000000000\nduration: 30d\nclock: { dayIn: 1s, preRoll: 30d }\nload: { interval: 1h, requestTimeout: 10m, latenessWarn: 1us }\n${MIX}`,
      'edge.yaml',
    );
    expect(scenario).toMatchObject({ users: 1e10, durationUs: 30 * 86_400e6, clock: { dayInUs: 1e6, preRollUs: 30 * 86_400e6 } });
    expect(scenario.load).toMatchObject({ intervalUs: 3_600e6, requestTimeoutUs: 600e6, latenessWarnUs: 1 });
    expect(loadScenarioText(`name: b\nusers: 1\nduration: 1ms\n${MIX}`, 'ms.yaml').durationUs).toBe(1_000);
  });

  it('caps the population at 10^10, the reach of simulated ids', () => {
    expect(issuesOf(`name: b\nusers: 1e12\n${MIX}`)).toEqual([expect.objectContaining({ line: 2, field: 'users', message: expect.stringMatching(/less or equal to 10000000000/) })]);
  });

  it('reports bounds together with the schema\'s own errors, at once', () => {
    const fields = issuesOf(`name: b\nusers: 0\nduration: 0s\nclock: { dayIn: 1ms }\n${MIX}`).map((i) => i.field);
    expect(fields).toEqual(['users', 'duration', 'clock.dayIn']);
  });
});

describe('a problem with a command-line value names the flag, not the file', () => {
  function optionIssues(overrides: Parameters<typeof loadScenarioFile>[1]): { code: string; issues: ChatloadError['issues'] } {
    try {
      loadScenarioFile('scenarios/smoke.yaml', overrides);
    } catch (error) {
      if (!(error instanceof ChatloadError)) throw error;
      return { code: error.code, issues: error.issues };
    }
    throw new Error('expected the overrides to be rejected');
  }

  it('says "--duration: …, got 0s" for --duration 0s', () => {
    const { code, issues } = optionIssues({ duration: '0s' });
    expect(code).toBe('CHATLOAD_E_OPTION_INVALID');
    expect(issues).toEqual([{ field: '--duration', message: 'expected a duration from 1ms to 30d, got 0s' }]);
    expect(formatIssue(issues[0]!)).toBe('--duration: expected a duration from 1ms to 30d, got 0s');
  });

  it('names every flag: --users, --seed, --workers, --day-in, --start-hour, --pre-roll, --threshold', () => {
    const { issues } = optionIssues({ users: 0, seed: -1, workers: 65, dayIn: '10ms', startHour: 25, preRoll: '31d' });
    expect(Object.fromEntries(issues.map((i) => [i.field, i.message]))).toEqual({
      '--users': 'expected integer to be greater or equal to 1, got 0',
      '--seed': 'expected integer to be greater or equal to 0, got -1',
      '--workers': 'expected "auto" or an integer from 1 to 64, got 65',
      '--day-in': 'expected a duration from 1s to 30d, got 10ms',
      '--start-hour': 'expected number to be less or equal to 24, got 25',
      '--pre-roll': 'expected a duration from 0s to 30d, got 31d',
    });
    expect(optionIssues({ thresholds: ['p99<5'] }).issues).toEqual([{ field: '--threshold', message: 'threshold "p99<5": a time needs a unit (us, ms or s), e.g. "p99<250ms"' }]);
    for (const issue of issues) expect(issue.file).toBeUndefined();
  });

  it('uses the name of the option that set a value when it is not the flag of the same name', () => {
    const { issues } = optionIssues({ duration: '31d', flags: { duration: '--run-duration' } });
    expect(issues).toEqual([{ field: '--run-duration', message: 'expected a duration from 1ms to 30d, got 31d' }]);
  });

  it('keeps file problems at their line beside flag problems', () => {
    try {
      loadScenarioText(`name: b\nusers: 0\nload: { interval: 2s }\n${MIX}`, 'b.yaml', { duration: '1s' });
      throw new Error('expected a rejection');
    } catch (error) {
      expect((error as ChatloadError).code).toBe('CHATLOAD_E_SCENARIO_INVALID');
      expect((error as ChatloadError).issues).toEqual([
        expect.objectContaining({ file: 'b.yaml', line: 2, field: 'users' }),
        { field: '--duration', message: 'expected at least load.interval (2s), got 1s' },
      ]);
    }
  });

  it('leaves a file section that is not a mapping to the schema instead of replacing it', () => {
    const issues = (() => {
      try {
        loadScenarioText(`name: b\nusers: 1\nclock: 5\n${MIX}`, 'c.yaml', { dayIn: '1m' });
      } catch (error) {
        return (error as ChatloadError).issues;
      }
      return [];
    })();
    expect(issues).toEqual([expect.objectContaining({ file: 'c.yaml', line: 3, field: 'clock' })]);
  });
});

