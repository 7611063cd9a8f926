import { readFileSync } from 'node:fs';
import path from 'node:path';
import yargs from 'yargs';
import { afterEach, describe, expect, test } from 'vitest';
import type { CliContext } from '../../src/cli/cli-context.js';
import { serveCommand } from '../../src/cli/commands/serve.js';
import { isChatloadError } from '../../src/errors.js';
import { isLoopbackHost } from '../../src/mock/admin-guard.js';
import { type RunningMockServer, startMockServer } from '../../src/mock/start-mock-server.js';
import { runChatload, tempDir } from '../e2e/cli-helpers.js';
import { PHONE, settingsWith, TOKEN, USER } from './mock-harness.js';

/**
 * "Off loopback" (decision 0013) is any listen address but 127.0.0.1, ::1 and localhost. These
 * tests listen on 127.0.0.2: off loopback by that rule, yet still only reachable from this machine.
 */
const OFF_LOOPBACK = '127.0.0.2';
const HEADER = 'x-chatload-admin-token';

let mock: RunningMockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const userMessage = JSON.stringify({
  phone_number_id: PHONE,
  from: USER,
  id: 'wamid.a1',
  type: 'text',
  text: { body: 'hi' },
});

describe('admin routes need a token off loopback', () => {
  test('what counts as loopback', () => {
    expect(['127.0.0.1', '::1', 'localhost'].map(isLoopbackHost)).toEqual([true, true, true]);
    expect(['0.0.0.0', '::', '127.0.0.2', '10.0.0.5'].map(isLoopbackHost)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  test('off loopback a token is generated; reset, config, stats and messages refuse without it (#10, 403)', async () => {
    mock = await startMockServer(settingsWith(), { host: OFF_LOOPBACK, port: 0 });
    expect(mock.adminTokenGenerated).toBe(true);
    const token = mock.adminToken ?? '';
    expect(token.length).toBeGreaterThanOrEqual(32);
    const call = (method: string, route: string, headers: Record<string, string> = {}, body?: string) =>
      fetch(`${mock?.url}${route}`, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body }),
      });
    for (const [method, route, body] of [
      ['GET', '/_sim/stats'],
      ['GET', '/_sim/config'],
      ['POST', '/_sim/reset', '{}'],
      ['POST', '/_sim/messages', userMessage],
    ] as const) {
      const refused = await call(method, route, {}, body);
      expect(refused.status, route).toBe(403);
      expect(((await refused.json()) as { error: object }).error).toMatchObject({
        code: 10,
        error_data: { details: expect.stringContaining(HEADER) },
      });
      expect((await call(method, route, { [HEADER]: 'wrong' }, body)).status).toBe(403);
      expect((await call(method, route, { [HEADER]: token }, body)).status, route).toBe(200);
    }
    // Health stays open (probes), and the Graph side needs the access token only.
    expect((await call('GET', '/_sim/health')).status).toBe(200);
    const graph = await call('GET', `/v23.0/${PHONE}`, { authorization: `Bearer ${TOKEN}` });
    expect(graph.status).toBe(200);
  });

  test('on loopback the admin routes are open, unless a token is given', async () => {
    mock = await startMockServer(settingsWith(), { host: '127.0.0.1', port: 0 });
    expect(mock.adminToken).toBeUndefined();
    expect((await fetch(`${mock.url}/_sim/stats`)).status).toBe(200);
    await mock.close();
    mock = await startMockServer(settingsWith(), { host: '127.0.0.1', port: 0 }, { adminToken: 'given' });
    expect((await fetch(`${mock.url}/_sim/stats`)).status).toBe(403);
  });
});

function context(interrupt: AbortSignal, out: string[], env: Record<string, string> = {}): CliContext {
  return {
    stdout: (t) => void out.push(t),
    stderr: (t) => void out.push(t),
    isTTY: false,
    env,
    cwd: process.cwd(),
    interrupt,
  };
}

describe('chatload serve off loopback', () => {
  test('refuses the default access token', async () => {
    const out: string[] = [];
    const failure = await yargs(['serve', '--host', OFF_LOOPBACK, '--port', '0'])
      .command(serveCommand(context(new AbortController().signal, out)))
      .exitProcess(false)
      .fail(false)
      .parseAsync()
      .catch((error: unknown) => error);
    expect(isChatloadError(failure) && failure.code).toBe('CHATLOAD_E_OPTION_INVALID');
    expect(String((failure as Error).message)).toMatch(/default access token/);
  });

  test('with its own access token it starts and prints the admin token from $CHATLOAD_ADMIN_TOKEN', async () => {
    const dir = tempDir('serve-admin');
    const config = path.join(dir, 'mock.yaml');
    await import('node:fs').then((fs) => fs.writeFileSync(config, 'accessToken: a-real-secret\n'));
    const controller = new AbortController();
    const out: string[] = [];
    const running = yargs(['serve', '--host', OFF_LOOPBACK, '--port', '0', '--config', config])
      .command(serveCommand(context(controller.signal, out, { CHATLOAD_ADMIN_TOKEN: 'from-env' })))
      .exitProcess(false)
      .parseAsync();
    for (let i = 0; i < 200 && !out.join('').includes('Ctrl-C'); i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(out.join('')).toMatch(/admin token: +from-env — header x-chatload-admin-token/);
    controller.abort();
    await running;
    expect(readFileSync(config, 'utf8')).toContain('a-real-secret');
  });
});

describe('chatload run --target against a mock off loopback', () => {
  test('passes $CHATLOAD_ADMIN_TOKEN on /_sim/ calls, and the token stays out of the result files', async () => {
    mock = await startMockServer(
      settingsWith({ throughputPerSecond: 1000 }),
      { host: OFF_LOOPBACK, port: 0 },
      { adminToken: 'run-admin-secret' },
    );
    const out = path.join(tempDir('admin-run'), 'result');
    const run = await runChatload(
      [
        'run',
        'scenarios/smoke.yaml',
        '--duration',
        '1s',
        '--target',
        mock.url,
        '--out',
        out,
        '--no-progress',
      ],
      undefined,
      { CHATLOAD_ADMIN_TOKEN: 'run-admin-secret' },
    );
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.code).toBe(0);
    const summary = readFileSync(path.join(out, 'summary.json'), 'utf8');
    const parsed = JSON.parse(summary) as {
      series: { key: string; count: number; errors: number }[];
      platformStats?: object;
    };
    const inbound = parsed.series.find((s) => s.key === '*/inbound');
    expect(inbound?.count).toBeGreaterThan(0);
    expect(inbound?.errors).toBe(0);
    expect(parsed.platformStats).toBeDefined();
    expect(summary).not.toContain('run-admin-secret');
  }, 60_000);
});
