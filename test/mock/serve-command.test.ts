import yargs from 'yargs';
import { describe, expect, test } from 'vitest';
import type { CliContext } from '../../src/cli/cli-context.js';
import { serveCommand } from '../../src/cli/commands/serve.js';
import { parseMockConfig } from '../../src/scenario/mock-config.js';
import { isChatloadError } from '../../src/errors.js';

function context(interrupt: AbortSignal, out: string[]): CliContext {
  return {
    stdout: (t) => void out.push(t),
    stderr: (t) => void out.push(t),
    isTTY: false,
    env: {},
    cwd: process.cwd(),
    interrupt,
  };
}

describe('chatload serve', () => {
  test('config errors name the file, line and field', () => {
    const text = 'throughputPerSecond: 5000\npairRate:\n  burst: zero\n';
    try {
      parseMockConfig(text, 'mock.yaml');
      throw new Error('expected a failure');
    } catch (error) {
      if (!isChatloadError(error)) throw error;
      expect(error.code).toBe('CHATLOAD_E_SCENARIO_INVALID');
      expect(error.issues).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ file: 'mock.yaml', line: 1, field: 'throughputPerSecond' }),
          expect.objectContaining({ file: 'mock.yaml', line: 3, field: 'pairRate.burst' }),
        ]),
      );
    }
  });

  test('accepts the example config and a scenario-style mock: block', () => {
    expect(parseMockConfig('mock:\n  throughputPerSecond: 1000\n', 's.yaml').throughputPerSecond).toBe(1000);
    expect(parseMockConfig('', 'empty.yaml').phoneNumberId).toBe('106540352242922');
  });

  test('prints URL, number, token and webhooks; stops cleanly on interrupt', async () => {
    const controller = new AbortController();
    const out: string[] = [];
    const ctx = context(controller.signal, out);
    const running = yargs(['serve', '--port', '0', '--config', 'scenarios/mock.yaml'])
      .command(serveCommand(ctx))
      .exitProcess(false)
      .parseAsync();
    for (let i = 0; i < 100 && out.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const banner = out.join('');
    expect(banner).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(banner).toContain('106540352242922');
    expect(banner).toContain('chatload-local-token');
    const url = /listening on (\S+)/.exec(banner)?.[1];
    expect((await fetch(`${url}/_sim/health`)).status).toBe(200);
    controller.abort();
    // The command settles without an error: exit 0 through the CLI's one path.
    await expect(running).resolves.toBeDefined();
    expect(out.join('')).toContain('stopped');
  });
});
