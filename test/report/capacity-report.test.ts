import { describe, expect, it } from 'vitest';
import {
  capacityCsv,
  kneeSentence,
  renderCapacityReport,
  renderCapacityText,
} from '../../src/report/capacity-report.js';
import {
  CAPACITY_SCHEMA_VERSION,
  type CapacityJson,
  type CapacityStep,
  perPlatformUnit,
} from '../../src/report/capacity-schema.js';

function step(
  index: number,
  users: number,
  pass: boolean,
  errorShare: number,
  phase: CapacityStep['phase'] = 'grow',
): CapacityStep {
  return {
    index,
    users,
    phase,
    dir: `step-0${index}-users-${users}`,
    pass,
    interrupted: false,
    measuredSeconds: 10,
    offeredOpsPerSecond: users / 100,
    completedOpsPerSecond: users / 100,
    goodOpsPerSecond: (users / 100) * (1 - errorShare),
    errorShare,
    errorsByCode: errorShare > 0 ? { '130429': Math.round(users * errorShare) } : {},
    latencyP99Us: 12_000,
    slos: [
      { source: 'send.p99<250ms', actual: 12, unit: 'ms', pass: true, detail: 'send.p99 was 12.0ms' },
      {
        source: 'errors<1%',
        actual: errorShare * 100,
        unit: '%',
        pass,
        detail: `errors was ${errorShare * 100}%`,
      },
    ],
  };
}

function capacity(
  name: string,
  shapes: string[],
  steps: CapacityStep[],
  end: CapacityJson['end'],
  knee: number | null,
  failedAt: number | null,
): CapacityJson {
  const platform = { slots: 64, queueLimit: 10_000, throughputPerSecond: 80 };
  return {
    schemaVersion: CAPACITY_SCHEMA_VERSION,
    kind: 'capacity',
    toolVersion: '0.0.0-test',
    startedAt: '2026-01-01T00:00:00.000Z',
    scenario: { name, source: undefined, shapes, seed: 1 },
    slos: ['send.p99<250ms', 'errors<1%'],
    settings: {
      startUsers: 1_000,
      growth: 2,
      resolution: 0.1,
      maxSteps: 8,
      warmupSeconds: 2,
      stepDurationSeconds: 10,
    },
    warmupMethod: 'test',
    platform,
    steps,
    end,
    knee,
    failedAt,
    ...perPlatformUnit(knee, platform),
  };
}

const chatbot = capacity(
  'general-chatbot',
  ['general-chatbot'],
  [
    step(1, 1_000, true, 0, 'start'),
    step(2, 2_000, true, 0),
    step(3, 4_000, false, 0.2),
    step(4, 3_000, false, 0.02, 'bisect'),
    step(5, 2_500, true, 0.004, 'bisect'),
    step(6, 2_750, true, 0.009, 'bisect'),
  ],
  'converged',
  2_750,
  3_000,
);
const cs = capacity(
  'customer-service',
  ['customer-service'],
  [step(1, 50_000, true, 0, 'start'), step(2, 100_000, false, 0.05)],
  'max-steps-bracketed',
  50_000,
  100_000,
);

describe('capacity report', () => {
  it('writes one CSV row per step with each SLO in its written unit', () => {
    const lines = capacityCsv(chatbot).trim().split('\n');
    expect(lines[0]).toBe(
      'step,users,phase,verdict,offered_ops_per_s,completed_ops_per_s,good_ops_per_s,error_share,latency_p99_ms,slo: send.p99<250ms,slo: errors<1%,dir',
    );
    expect(lines).toHaveLength(7);
    expect(lines[3]).toBe('3,4000,grow,fail,40.000,40.000,32.000,0.200000,12.000,12,20,step-03-users-4000');
  });

  it('prints the step table, the knee and users per platform unit', () => {
    const text = renderCapacityText(chatbot, { color: false });
    expect(text).toMatch(
      /step\s+users\s+phase\s+offered\/s\s+completed\/s\s+send\.p99<250ms\s+errors<1%\s+errors\s+verdict/,
    );
    expect(text).toMatch(/\n\s+3\s+4,000\s+grow\s+40\.0\s+40\.0\s+12\.0ms\s+20%\s+20\.00%\s+fail\n/);
    expect(text).toContain(
      'general-chatbot: the knee is 2,750 users (passed; 3,000 users failed, within 10 %)',
    );
    expect(text).toContain(
      '43.0 users per service slot (64 slots), 2,750 users per 80 msg/s of number throughput (limit 80 msg/s)',
    );
  });

  it('says what kind of answer a search gave', () => {
    expect(kneeSentence(cs)).toContain('max-steps reached');
    expect(kneeSentence({ ...cs, end: 'max-steps-no-fail', failedAt: null })).toBe(
      'customer-service: no step failed within 8 steps; the knee is at least 50,000 users',
    );
    expect(kneeSentence({ ...cs, end: 'no-pass', knee: null })).toBe(
      'customer-service: no population met the SLOs: even 50,000 users failed',
    );
  });

  it('renders report.html with the hockey stick and error-share charts, one point per step', async () => {
    const { html, svgs } = await renderCapacityReport(chatbot);
    expect(Object.keys(svgs).sort()).toEqual(['error-share.svg', 'hockey-stick.svg']);
    expect(html).toContain('data-plot="hockey-stick"');
    expect(html).toContain('data-plot="error-share"');
    // Six labelled points, green for a pass and red for a fail.
    for (const label of ['1,000', '2,000', '4,000', '3,000', '2,500', '2,750'])
      expect(svgs['hockey-stick.svg']).toContain(`>${label}<`);
    expect(svgs['hockey-stick.svg']).toContain('#107c10');
    expect(svgs['hockey-stick.svg']).toContain('#d13438');
    expect(html).toContain('href="step-03-users-4000/report.html"');
  });
});

describe('a search that ended generator-bound', () => {
  const bound = capacity('smoke', ['general-chatbot'], [step(1, 1_000, true, 0, 'start'), step(2, 2_000, true, 0)], 'generator-bound', 2_000, null);
  const json: CapacityJson = { ...bound, generatorBound: { users: 4_000, phase: 'grow', reasons: ['predicted peak 20,000 ops/s (played hour 10.00) is beyond the 13,000 ops/s 1 worker can send'] } };

  it('gives the knee as a lower bound and names the step it could not run', () => {
    expect(kneeSentence(json)).toBe("smoke: generator-bound: the knee is at least 2,000 users (passed); the next step (4,000 users) is beyond this machine's live load generator");
  });

  it('shows the refused step in the step table, the text and the HTML, and not in the CSV of measured steps', async () => {
    const text = renderCapacityText(json, { color: false });
    expect(text.split('\n').find((line) => line.includes('4,000'))).toMatch(/^\s*-\s+4,000\s+grow\s+-\s+-\s+-\s+-\s+-\s+generator-bound$/);
    expect(capacityCsv(json).trim().split('\n')).toHaveLength(3);
    const { html } = await renderCapacityReport(json);
    expect(html).toContain('not run: predicted peak 20,000 ops/s');
    expect(html).toContain('generator-bound');
  });
});
