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
    expect(out).toMatch(/^messages total\s+8\.91\s+6\.14$/m);
    expect(out).toMatch(/^messages total\s+10\.25\s+18\.41$/m);
    expect(out).toMatch(/^messages per enrolled user-day\s+2\.76\s+0\.103\s+26\.93×$/m);
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
    expect(Number(row?.split(',').at(-1))).toBeCloseTo(2.49, 2);
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
