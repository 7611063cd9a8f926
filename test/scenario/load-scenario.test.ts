import { describe, expect, it } from 'vitest';
import { ChatloadError } from '../../src/errors.js';
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
});
