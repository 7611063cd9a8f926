import { createServer, type IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Exposition, type MetricsSource } from '../../src/export/exposition.js';
import { gaugeFamily } from '../../src/export/metric-families.js';
import { type MetricsServer, startMetricsServer } from '../../src/export/metrics-server.js';
import { emptyPlatformStats } from '../../src/platform/platform-stats.js';
import { MockMetrics } from '../../src/export/mock-metrics.js';
import { parsePushGatewayUrl, PushGatewayPusher } from '../../src/export/push-gateway.js';
import { build, send, textTo, userSays } from '../mock/mock-harness.js';
import { samplesOf, sumOf } from './exposition-samples.js';

/** A source whose value the test changes between scrapes. */
function gaugeSource(): MetricsSource & { value: number } {
  const source = { value: 1, families: () => [gaugeFamily('test_value', 'A test gauge.', [[{}, source.value]])] };
  return source;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function serve(exposition: Exposition, port = 0): Promise<MetricsServer> {
  const server = await startMetricsServer(exposition, { host: '127.0.0.1', port });
  cleanups.push(() => server.close());
  return server;
}

describe('/metrics server', () => {
  it('serves the exposition fresh on every scrape, in the Prometheus text format', async () => {
    const source = gaugeSource();
    const server = await serve(new Exposition([source]));
    const first = await fetch(server.url);
    expect(first.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(sumOf(samplesOf(await first.text()), 'test_value')).toBe(1);
    source.value = 5;
    expect(sumOf(samplesOf(await (await fetch(server.url)).text()), 'test_value')).toBe(5);
    expect((await fetch(server.url.replace('/metrics', '/other'))).status).toBe(404);
    expect((await fetch(server.url, { method: 'POST' })).status).toBe(405);
  });

  it('after the run, stays up the linger time and says whether a final scrape came — one from before the end does not count', async () => {
    const server = await serve(new Exposition([gaugeSource()]));
    await fetch(server.url).then((r) => r.text());
    server.markFinal();
    const started = Date.now();
    const lingering = server.linger(300_000);
    await fetch(server.url).then((r) => r.text());
    expect(await lingering).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('says no final scrape came when nobody scraped after the end', async () => {
    const server = await serve(new Exposition([gaugeSource()]));
    await fetch(server.url).then((r) => r.text());
    server.markFinal();
    expect(await server.linger(100_000)).toBe(false);
  });

  it('says which address it could not take', async () => {
    const taken = await serve(new Exposition([]));
    const port = Number(new URL(taken.url).port);
    await expect(startMetricsServer(new Exposition([]), { host: '127.0.0.1', port })).rejects.toMatchObject({
      code: 'CHATLOAD_E_OPTION_INVALID',
      message: expect.stringMatching(new RegExp(`cannot serve metrics on 127.0.0.1:${port}: EADDRINUSE`)),
    });
  });
});

/** A stand-in Pushgateway that records what it was sent. */
async function fakeGateway(status = 200) {
  const received: { method: string; path: string; body: string }[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', path: req.url ?? '', body });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${port}`, received };
}

describe('Pushgateway pushes', () => {
  it('PUT the whole exposition under job, run id and shard, so shards never overwrite each other', async () => {
    const gateway = await fakeGateway();
    const warnings: string[] = [];
    for (const shard of ['0', '1']) {
      const pusher = new PushGatewayPusher(gateway.url, { job: 'chatload', runId: 'run-7', shard }, new Exposition([gaugeSource()]), (w) => warnings.push(w));
      expect(await pusher.pushFinal()).toBe(true);
    }
    expect(gateway.received.map((r) => [r.method, r.path])).toEqual([
      ['PUT', '/metrics/job/chatload/run_id/run-7/shard/0'],
      ['PUT', '/metrics/job/chatload/run_id/run-7/shard/1'],
    ]);
    expect(gateway.received[0]?.body).toMatch(/^test_value 1$/m);
    expect(warnings).toEqual([]);
  });

  it('never queues pushes behind one under way: those that wait fold into one', async () => {
    const gateway = await fakeGateway();
    const source = gaugeSource();
    const pusher = new PushGatewayPusher(gateway.url, { job: 'chatload', runId: 'r', shard: '0' }, new Exposition([source]), () => {});
    for (let i = 0; i < 5; i++) {
      source.value = i;
      pusher.pushSoon();
    }
    await pusher.pushFinal();
    // The first push, then the final one: it carries the latest state, so the four that waited fold into it.
    expect(gateway.received).toHaveLength(2);
    expect(gateway.received.at(-1)?.body).toMatch(/^test_value 4$/m);
  });

  it('pushes once more after a push under way when more intervals closed meanwhile', async () => {
    const gateway = await fakeGateway();
    const source = gaugeSource();
    const pusher = new PushGatewayPusher(gateway.url, { job: 'chatload', runId: 'r', shard: '0' }, new Exposition([source]), () => {});
    for (let i = 0; i < 3; i++) {
      source.value = i;
      pusher.pushSoon();
    }
    while (pusher.pushes < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(gateway.received.map((r) => /^test_value (\d+)$/m.exec(r.body)?.[1])).toEqual(['0', '2']);
  });

  it('reports a failing gateway once, and the final push\'s failure', async () => {
    const gateway = await fakeGateway(500);
    const warnings: string[] = [];
    const pusher = new PushGatewayPusher(gateway.url, { job: 'chatload', runId: 'r', shard: '0' }, new Exposition([gaugeSource()]), (w) => warnings.push(w));
    pusher.pushSoon();
    expect(await pusher.pushFinal()).toBe(false);
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatch(/the final push to http:\/\/127\.0\.0\.1:\d+ failed: HTTP 500/);
  });

  it('takes only an http(s) URL', () => {
    expect(parsePushGatewayUrl('http://127.0.0.1:9091')).toBe('http://127.0.0.1:9091/');
    for (const bad of ['127.0.0.1:9091', 'ftp://host', '']) expect(() => parsePushGatewayUrl(bad)).toThrow(/--push-gateway expects an http\(s\) URL/);
  });
});

describe("the mock's own view", () => {
  it('maps GET /_sim/stats to requests by route, errors and refusals by code, queue, slots and webhooks', async () => {
    const app = build({ throughputPerSecond: 1, capacity: { slots: 8 } });
    cleanups.push(() => app.close());
    await userSays(app);
    await send(app, textTo());
    await send(app, textTo()); // over 1 msg/s: refused with 130429
    const read = async () => (await app.inject({ method: 'GET', url: '/_sim/stats' })).json();
    const stats = (await read()) as { requests: Record<string, number>; errors: Record<string, number> };
    const metrics = new MockMetrics(read, 8, { run_id: 'r' });
    const samples = samplesOf(await new Exposition([metrics]).text());
    expect(sumOf(samples, 'chatload_mock_requests_total', { route: 'inbound' })).toBe(1);
    expect(sumOf(samples, 'chatload_mock_requests_total', { route: 'send' })).toBe(stats.requests.send);
    expect(stats.errors['130429']).toBeGreaterThanOrEqual(1);
    expect(sumOf(samples, 'chatload_mock_errors_total', { code: '130429' })).toBe(stats.errors['130429']);
    expect(sumOf(samples, 'chatload_mock_refusals_total', { reason: 'throughput' })).toBe(stats.errors['130429']);
    expect(sumOf(samples, 'chatload_mock_refusals_total', { reason: 'pair_rate' })).toBe(0);
    expect(sumOf(samples, 'chatload_mock_slots')).toBe(8);
    expect(samples.find((s) => s.name === 'chatload_mock_queue_depth')?.labels).toEqual({ run_id: 'r' });
    expect(samples.map((s) => s.name)).toEqual(expect.arrayContaining(['chatload_mock_slots_busy', 'chatload_mock_webhook_updates_pending', 'chatload_mock_webhook_retries_total']));
  });

  it('keeps the last good view when the mock is gone, and takes the final statistics when given', async () => {
    const statsWith = (sends: number) => ({ ...emptyPlatformStats(4), requests: { send: sends } });
    let answer: unknown = statsWith(3);
    const metrics = new MockMetrics(async () => answer, 4);
    const scrape = async () => samplesOf(await new Exposition([metrics]).text());
    expect(sumOf(await scrape(), 'chatload_mock_requests_total')).toBe(3);
    answer = Promise.reject(new Error('connection refused'));
    expect(sumOf(await scrape(), 'chatload_mock_requests_total')).toBe(3);
    expect(metrics.useFinal(statsWith(9))).toBe(true);
    expect(sumOf(await scrape(), 'chatload_mock_requests_total')).toBe(9);
    expect(metrics.useFinal({ requests: 'not a map' })).toBe(false);
  });
});
