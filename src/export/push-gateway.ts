import { ChatloadError } from '../errors.js';
import { PROMETHEUS_TEXT_TYPE } from './content-types.js';
import type { Exposition } from './exposition.js';

/** The Pushgateway group a process pushes to: job, run id and shard, so shards never overwrite each other. */
export interface PushGrouping {
  readonly job: string;
  readonly runId: string;
  readonly shard: string;
}

const PUSH_TIMEOUT_MS = 5_000;

/** Checks a --push-gateway value once, at the edge. */
export function parsePushGatewayUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ChatloadError(
      'CHATLOAD_E_OPTION_INVALID',
      `--push-gateway expects an http(s) URL, got "${text}"`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ChatloadError(
      'CHATLOAD_E_OPTION_INVALID',
      `--push-gateway expects an http(s) URL, got "${text}"`,
    );
  }
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/**
 * Pushes the whole exposition to a Pushgateway (PUT /metrics/job/…/run_id/…/shard/…: the group
 * holds exactly the latest state).
 * Interval pushes never queue up behind a slow gateway: while one is under way, later ones fold
 * into a single follow-up (counters are cumulative, so nothing is lost). The first failure is
 * reported once; the final push is awaited and its failure reported.
 */
export class PushGatewayPusher {
  readonly #url: string;
  readonly #grouping: PushGrouping;
  readonly #exposition: Exposition;
  readonly #warn: (message: string) => void;
  #running: Promise<void> | undefined;
  #again = false;
  #warned = false;
  pushes = 0;

  constructor(url: string, grouping: PushGrouping, exposition: Exposition, warn: (message: string) => void) {
    this.#url = url;
    this.#grouping = grouping;
    this.#exposition = exposition;
    this.#warn = warn;
  }

  /** Pushes soon, without waiting. */
  pushSoon(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#loop().finally(() => (this.#running = undefined));
  }

  /** Waits for any push under way, then pushes once more; false when it failed. */
  async pushFinal(): Promise<boolean> {
    this.#again = false;
    await this.#running;
    try {
      await this.#pushOnce();
      return true;
    } catch (error) {
      this.#warn(`the final push to ${this.#url} failed: ${(error as Error).message}`);
      return false;
    }
  }

  async #loop(): Promise<void> {
    do {
      this.#again = false;
      try {
        await this.#pushOnce();
      } catch (error) {
        if (!this.#warned)
          this.#warn(
            `pushing to ${this.#url} failed (${(error as Error).message}); will keep trying each interval`,
          );
        this.#warned = true;
      }
    } while (this.#again);
  }

  async #pushOnce(): Promise<void> {
    const { job, runId, shard } = this.#grouping;
    const path = [
      ['job', job],
      ['run_id', runId],
      ['shard', shard],
    ]
      .map(([name, value]) => groupingPart(name ?? '', value ?? ''))
      .join('');
    const response = await fetch(new URL(`metrics${path}`, this.#url), {
      method: 'PUT',
      headers: { 'content-type': PROMETHEUS_TEXT_TYPE },
      body: await this.#exposition.text(),
      signal: AbortSignal.timeout(PUSH_TIMEOUT_MS),
    });
    if (response.status >= 400) throw new Error(`HTTP ${response.status} ${(await response.text()).trim()}`);
    this.pushes += 1;
  }
}

/** One label of the grouping key in the push URL; values that are not plain path segments go base64url (`name@base64/…`). */
function groupingPart(name: string, value: string): string {
  if (/^[A-Za-z0-9_.:-]+$/.test(value)) return `/${name}/${value}`;
  return `/${name}@base64/${Buffer.from(value).toString('base64url') || '='}`;
}
