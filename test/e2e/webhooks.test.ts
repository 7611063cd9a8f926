import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startMockServer } from '../../src/mock/start-mock-server.js';
import type { SeriesSummary, SummaryJson } from '../../src/report/summary-schema.js';
import { resolveMockSettings } from '../../src/scenario/mock-schema.js';
import { runChatload, tempDir } from './cli-helpers.js';

const summaryOf = (dir: string): SummaryJson =>
  JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8'));
const succeeded = (series: readonly SeriesSummary[], shape: string, ops: readonly string[]) =>
  series.filter((s) => s.shape === shape && ops.includes(s.op)).reduce((n, s) => n + s.count - s.errors, 0);
/** Updates still on their way when the receiver stops (a few per shape at most: inbound 5 ms, sent 20 ms after acceptance). */
const near = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.max(3, expected * 0.02));

describe('webhooks in a run (built CLI)', () => {
  it('counts the embedded mock webhooks per shape, consistent with the operations', async () => {
    const out = path.join(tempDir('webhooks'), 'result');
    const run = await runChatload(['run', 'scenarios/smoke.yaml', '--out', out, '--no-progress']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/webhooks received/);
    const summary = summaryOf(out);
    const webhooks = summary.webhooks!;
    expect(webhooks.measured).toBe(true);
    expect(webhooks.rejectedPosts).toBe(0);
    expect(webhooks.shapes.map((w) => w.shape)).toEqual(['customer-service', 'general-chatbot']);
    for (const w of webhooks.shapes) {
      expect(w.signatureFailures).toBe(0);
      near(w.messages, succeeded(summary.series, w.shape, ['inbound']));
      near(w.statuses.sent, succeeded(summary.series, w.shape, ['send', 'template', 'interactive']));
      // Pricing is counted once per message, from its `sent` status.
      expect(w.billable + w.free).toBe(w.statuses.sent);
      expect(w.statuses.delivered).toBeLessThanOrEqual(w.statuses.sent);
      expect(w.statuses.read).toBeLessThanOrEqual(w.statuses.delivered);
      expect(w.delayUs.count).toBe(w.updates);
      expect(w.delayUs.p50).toBeGreaterThan(0);
      expect(w.bytes).toBeGreaterThan(0);
    }
    expect(webhooks.total?.updates).toBe(webhooks.shapes.reduce((n, w) => n + w.updates, 0));
    expect(webhooks.total?.posts).toBe(webhooks.posts);
    // The mock's own count (read before its last batch went out) never exceeds what the receiver saw.
    const platform = summary.platformStats as { webhooks: { delivered: number; dropped: number } };
    expect(platform.webhooks.dropped).toBe(0);
    expect(platform.webhooks.delivered).toBeLessThanOrEqual(webhooks.total?.updates ?? 0);
    near(platform.webhooks.delivered, webhooks.total?.updates ?? 0);
    expect(readFileSync(path.join(out, 'report.html'), 'utf8')).toMatch(/<h2>Webhooks<\/h2>/);
    // The comparison puts the shapes' webhook load and billable/free side by side, with the ratio.
    const compared = await runChatload([
      'compare',
      out,
      '--out',
      path.join(tempDir('webhooks-compare'), 'cmp'),
    ]);
    expect(compared.code).toBe(0);
    const bot = webhooks.shapes[1]!;
    const cs = webhooks.shapes[0]!;
    expect(compared.stdout).toMatch(
      new RegExp(
        `messages webhooks +${cs.messages.toLocaleString('en-US')} +${bot.messages.toLocaleString('en-US')} +×`,
      ),
    );
    expect(compared.stdout).toMatch(/webhook delay p99/);
    expect(compared.stdout).toMatch(/free messages +\d/);
  }, 60_000);

  it('with --target the webhooks are not measured, and the summary says so', async () => {
    const mock = await startMockServer(resolveMockSettings({ throughputPerSecond: 1000 }), {
      host: '127.0.0.1',
      port: 0,
    });
    try {
      const out = path.join(tempDir('webhooks-target'), 'result');
      const run = await runChatload([
        'run',
        'scenarios/smoke.yaml',
        '--duration',
        '1s',
        '--target',
        mock.url,
        '--out',
        out,
        '--no-progress',
      ]);
      expect(run.code).toBe(0);
      const webhooks = summaryOf(out).webhooks!;
      expect(webhooks.measured).toBe(false);
      expect(webhooks.note).toMatch(/not measured/);
      expect(run.stdout).toMatch(/webhooks: not measured/);
    } finally {
      await mock.close();
    }
  }, 60_000);
});
