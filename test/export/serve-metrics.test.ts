import yargs from 'yargs';
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/cli-context.js';
import { serveCommand } from '../../src/cli/commands/serve.js';
import { resolveMockSettings } from '../../src/scenario/mock-schema.js';
import { PHONE, USER } from '../mock/mock-harness.js';
import { samplesOf, sumOf } from './exposition-samples.js';

describe('chatload serve --metrics-port', () => {
  it("serves the mock's own view beside it, and stops both on interrupt", async () => {
    const controller = new AbortController();
    const out: string[] = [];
    const ctx: CliContext = { stdout: (t) => void out.push(t), stderr: (t) => void out.push(t), isTTY: false, env: {}, cwd: process.cwd(), interrupt: controller.signal };
    const running = yargs(['serve', '--port', '0', '--metrics-port', '0']).command(serveCommand(ctx)).exitProcess(false).parseAsync();
    for (let i = 0; i < 200 && !out.join('').includes('Ctrl-C'); i++) await new Promise((r) => setTimeout(r, 10));
    const banner = out.join('');
    const mockUrl = /listening on (\S+)/.exec(banner)?.[1];
    const metricsUrl = /metrics:\s+(\S+)/.exec(banner)?.[1];
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const inbound = await fetch(`${mockUrl}/_sim/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone_number_id: PHONE, from: USER, id: 'wamid.m1', type: 'text', text: { body: 'hello' } }),
    });
    expect(inbound.status).toBe(200);
    const samples = samplesOf(await (await fetch(metricsUrl!)).text());
    expect(sumOf(samples, 'chatload_mock_requests_total', { route: 'inbound' })).toBe(1);
    expect(sumOf(samples, 'chatload_mock_slots')).toBe(resolveMockSettings({}).capacity.slots);
    expect(samples.some((s) => s.name === 'nodejs_eventloop_lag_p99_seconds')).toBe(true);
    controller.abort();
    // serve ends cleanly on Ctrl-C: the parse resolves instead of throwing a coded error.
    await expect(running).resolves.toBeDefined();
    await expect(fetch(metricsUrl!)).rejects.toThrow();
  });
});
