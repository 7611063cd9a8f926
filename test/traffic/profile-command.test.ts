import { describe, expect, test } from 'vitest';
import type { CliContext } from '../../src/cli/cli-context.js';
import { runCli } from '../../src/cli/main.js';

/** Runs `chatload …` with an injected context; returns the exit code and what was printed. */
async function chatload(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const ctx: CliContext = {
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
    isTTY: false,
    env: {},
    cwd: process.cwd(),
    interrupt: new AbortController().signal,
  };
  const code = await runCli(argv, ctx);
  return { code, out, err };
}

const SCENARIO = 'scenarios/mix-adoption.yaml';

describe('chatload profile', () => {
  test('prints aligned tables with §4’s per-conversation and per-user-day figures and the ratios', async () => {
    const { code, out } = await chatload('profile', SCENARIO);
    expect(code).toBe(0);
    // The chatbot splits replies at the limit (replyStyle: split, the default since the reply style became per bot).
    expect(out).toMatch(/^messages total\s+8\.91\s+5\.05$/m);
    expect(out).toMatch(/^messages total\s+10\.25\s+15\.15$/m);
    expect(out).toMatch(/^messages per enrolled user-day\s+1\.21\s+0\.0718\s+16\.90×$/m);
  });

  test('prints the load per user-day on both bases, both reply styles, and the enrolled ratio’s factors', async () => {
    const { code, out } = await chatload('profile', SCENARIO);
    expect(code).toBe(0);
    expect(out).toMatch(/^per active user-day\s+customer-service\s+general-chatbot · split\s+general-chatbot · chunked\s+split ÷ CS\s+chunked ÷ CS$/m);
    expect(out).toMatch(/^messages total\s+10\.3\s+15\.2\s+25\.6\s+×1\.48\s+×2\.5$/m);
    expect(out).toMatch(/^messages total\s+0\.0718\s+1\.21\s+2\.05\s+×16\.9\s+×28\.5$/m);
    expect(out).toMatch(/^messages total\s+split\s+×11\.4\s+×2\.61\s+×0\.567\s+×16\.9\s+×16\.9\s+ok$/m);
    expect(out).toMatch(/^service time, ms\s+\d/m);
    expect(out).not.toContain('MISMATCH');
  });

  test('--json carries the user-day figures and the decomposition', async () => {
    const { out } = await chatload('profile', SCENARIO, '--json');
    const parsed = JSON.parse(out) as { variants: { userDay: { rows: { label: string }[]; comparisons: { decomposition: { messagesTotal: { product: number; enrolledRatio: number } } }[] } }[] };
    const userDay = parsed.variants[0]!.userDay;
    expect(userDay.rows.map((r) => r.label)).toEqual(['customer-service', 'general-chatbot · split', 'general-chatbot · chunked']);
    const { product, enrolledRatio } = userDay.comparisons[0]!.decomposition.messagesTotal;
    expect(product / enrolledRatio).toBeCloseTo(1, 12);
  });

  test('--sensitivity N prints the tornado over the research ranges and the joint interval; it needs both shapes', async () => {
    const { code, out } = await chatload('profile', SCENARIO, '--sensitivity', '50');
    expect(code).toBe(0);
    expect(out).toMatch(/^Sensitivity of messages per enrolled user-day, chatbot ÷ customer service: ×16\.9 as written$/m);
    expect(out).toMatch(/^CS: share of enrolled users active a day\s+0\.0015 – 0\.02\s+×78\.9\s+×5\.91\s+estimate:/m);
    expect(out).toMatch(/all ranges drawn together \(log-uniform, 50 draws, seed 1\): median ×[\d.]+, 95 % interval ×[\d.]+ – ×[\d.]+/);
    const alone = await chatload('profile', 'scenarios/customer-service.yaml', '--sensitivity', '50');
    expect(alone.code).toBe(2);
    expect(alone.err).toMatch(/needs a scenario whose mix has both/);
  });

  test('--vary chatbotShare=0.02,0.1 gives one section per value, with the chatbot users in proportion', async () => {
    const { code, out } = await chatload('profile', SCENARIO, '--vary', 'chatbotShare=0.02,0.1');
    expect(code).toBe(0);
    expect(out).toContain('== chatbotShare=0.02 — customer-service ×980,000 users, general-chatbot ×20,000 users');
    expect(out).toContain('== chatbotShare=0.1 — customer-service ×900,000 users, general-chatbot ×100,000 users');
  });

  test('--csv prints one figure per row; --users overrides the population', async () => {
    const { code, out } = await chatload('profile', SCENARIO, '--csv', '--users', '1000', '--vary', 'splitAtLimitShare=1');
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('variant,method,shape,basis,metric,value');
    const row = lines.find((l) => l.startsWith('splitAtLimitShare=1,analytic,general-chatbot,perConversation,messagesOut,'));
    expect(Number(row?.split(',').at(-1))).toBeCloseTo(2.48, 2);
  });

  test('--json with --sample carries both the analytic and the sampled profile', async () => {
    const { code, out } = await chatload('profile', SCENARIO, '--json', '--sample', '200');
    expect(code).toBe(0);
    const parsed = JSON.parse(out) as { variants: { profile: { method: string }; sampled: { method: string; sampleSize: number } }[] };
    expect(parsed.variants[0]?.profile.method).toBe('analytic');
    expect(parsed.variants[0]?.sampled).toMatchObject({ method: 'sampled', sampleSize: 200 });
  });

  test.each([
    [['--vary', 'chunkChars=abc']],
    [['--vary', 'splitAtLimitShare=2']],
    [['--json', '--csv']],
    [['--sample', '0']],
    [['--users', '-5']],
  ])('bad options %j exit 2 with a one-line message', async (flags) => {
    const { code, err } = await chatload('profile', SCENARIO, ...flags);
    expect(code).toBe(2);
    expect(err).toMatch(/^chatload: /);
    expect(err).not.toMatch(/at .*\.ts:\d+/);
  });
});
