import { describe, expect, test } from 'vitest';
import type { CliContext } from '../../src/cli/cli-context.js';
import { runCli } from '../../src/cli/main.js';

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
  return { code: await runCli(argv, ctx), out, err };
}

describe('chatload project', () => {
  test('prints every assumption with its source, the adoption table and the numbers one assistant needs', async () => {
    const { code, out } = await chatload('project');
    expect(code).toBe(0);
    expect(out).toMatch(/WhatsApp monthly users: 3 B — \[S17f\]/);
    expect(out).toMatch(/WhatsApp messages a day: 100 B — \[S17a\]/);
    expect(out).toMatch(/capacity per slot at the SLO: not given/);
    expect(out).toMatch(/^1\.67 %\s+50 M\s+split\s+60\.6 M\s+0\.0606 %/m);
    // 50 M who have used ChatGPT on WhatsApp, 8 % active a day: 1,162 msg/s at the 21:00 peak → 15 numbers at 80/s, 2 at 1,000/s.
    expect(out).toMatch(/^ChatGPT on WhatsApp\s+50 M\s+8 %\s+1,162\s+15\s+2$/m);
  });

  test('--capacity-per-slot gives slot counts; --json carries the inputs with their sources', async () => {
    const { code, out } = await chatload('project', 'scenarios/mix-adoption.yaml', '--capacity-per-slot', '100', '--json');
    expect(code).toBe(0);
    const parsed = JSON.parse(out) as { inputs: { capacityPerSlot: { value: number } }; adoption: { load: { slotsAtSlo: number; peakPlatformOpsPerSecond: number } }[] };
    expect(parsed.inputs.capacityPerSlot.value).toBe(100);
    const first = parsed.adoption[0]!.load;
    expect(first.slotsAtSlo).toBe(Math.ceil(first.peakPlatformOpsPerSecond / 100));
  });

  test('refuses a capacity that is not positive, and a scenario without a chatbot', async () => {
    expect((await chatload('project', '--capacity-per-slot', '0')).code).toBe(2);
    const csOnly = await chatload('project', 'scenarios/customer-service.yaml');
    expect(csOnly.code).toBe(2);
    expect(csOnly.err).toMatch(/no general-chatbot shape/);
  });
});
