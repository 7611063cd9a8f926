import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

/** Debian's packages: `prometheus` (with promtool) and `prometheus-pushgateway`. */
export const BINARIES = { prometheus: 'prometheus', promtool: 'promtool', pushgateway: 'prometheus-pushgateway' } as const;

export function missingBinaries(): string[] {
  return Object.values(BINARIES).filter((name) => spawnSync(name, ['--version'], { stdio: 'ignore' }).error !== undefined);
}

/** A port free on 127.0.0.1 right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Started {
  readonly url: string;
  readonly child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

async function startAndWait(command: string, args: readonly string[], url: string, readyPath: string): Promise<Started> {
  const child = spawn(command, [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  for (let waitedMs = 0; ; waitedMs += 100) {
    const ready = await fetch(`${url}${readyPath}`).then((r) => r.ok, () => false);
    if (ready) return { url, child, output: () => output, stop };
    if (child.exitCode !== null || waitedMs > 15_000) {
      await stop();
      throw new Error(`${command} did not become ready at ${url}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A Prometheus of its own: temp storage, its own port, scraping `targets` every second. */
export async function startPrometheus(dir: string, targets: readonly string[]): Promise<Started> {
  const port = await freePort();
  const config = path.join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global:',
      '  scrape_interval: 1s',
      '  scrape_timeout: 1s',
      'scrape_configs:',
      '  - job_name: chatload',
      '    static_configs:',
      `      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]`,
      '',
    ].join('\n'),
  );
  const args = [`--config.file=${config}`, `--storage.tsdb.path=${path.join(dir, 'tsdb')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'];
  return startAndWait(BINARIES.prometheus, args, `http://127.0.0.1:${port}`, '/-/ready');
}

export async function startPushgateway(): Promise<Started> {
  const port = await freePort();
  return startAndWait(BINARIES.pushgateway, [`--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], `http://127.0.0.1:${port}`, '/-/ready');
}

interface PromSeries {
  readonly metric: Readonly<Record<string, string>>;
  readonly value?: readonly [number, string];
  readonly values?: readonly (readonly [number, string])[];
}

async function promApi(base: string, endpoint: string, params: Record<string, string>): Promise<PromSeries[]> {
  const response = await fetch(`${base}/api/v1/${endpoint}`, { method: 'POST', body: new URLSearchParams(params) });
  const body = (await response.json()) as { status: string; error?: string; data?: { result: PromSeries[] } };
  if (body.status !== 'success' || !body.data) throw new Error(`${params.query}: ${body.error ?? response.status}`);
  return body.data.result;
}

export const instantQuery = (base: string, query: string): Promise<PromSeries[]> => promApi(base, 'query', { query });

export const rangeQuery = (base: string, query: string, startSeconds: number, endSeconds: number, stepSeconds = 1): Promise<PromSeries[]> =>
  promApi(base, 'query_range', { query, start: String(startSeconds), end: String(endSeconds), step: String(stepSeconds) });

/** How many finite values a range result holds over all its series. */
export const finiteValues = (series: readonly PromSeries[]): number =>
  series.reduce((n, s) => n + (s.values ?? []).filter(([, v]) => Number.isFinite(Number(v))).length, 0);
