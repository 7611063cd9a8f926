import { type Dispatcher, Pool } from 'undici';
import { ADMIN_TOKEN_HEADER } from '../platform/admin-token.js';
import { SOJOURN_HEADER } from '../platform/timing-headers.js';
import { monotonicNowUs } from '../units.js';
import type { TargetIdentity } from './protocol.js';
import type { BuiltRequest } from './request-builder.js';

/** What came back for one operation: an error code when it failed, and bytes read. */
export interface SendOutcome {
  readonly statusCode: number;
  /** Graph error code ("130429"), "http_<status>", "timeout", "connect" or "transport"; undefined on success. */
  readonly errorCode: string | undefined;
  readonly bytesReceived: number;
  /** When the request was handed to a connection (µs, monotonic): the actual send, after any wait for a free connection. */
  readonly sentAtUs: number;
  /**
   * From the dispatch to that hand-over (µs): a wait for a free connection when the pool was full,
   * otherwise undici's own delay (it writes on a reused idle socket at the next check phase).
   */
  readonly connectionWaitUs: number;
  /** The platform's sojourn for the call, from the answer's header (µs), or −1 when the target did not say. */
  readonly platformUs: number;
}

export type SendCallback = (outcome: SendOutcome) => void;

const SIM_PREFIX = '/_sim/';
/** The warm-up request: answered by every chatload mock, changes no platform state (the target probe's path). */
const WARM_PATH = '/_sim/health';

/**
 * Sends built requests over one keep-alive pool per worker with undici's `dispatch` API: no
 * stream or promise per request, a small handler object instead (the hot path allocates little).
 * The actual send time is taken when undici hands the request to a socket, so time spent
 * waiting for a free connection counts as generator lateness, not as service time.
 */
export class OperationSender {
  readonly #pool: Pool;
  readonly #origin: string;
  readonly #headersJson: Record<string, string>;
  readonly #headersSim: Record<string, string>;
  readonly #headersGet: Record<string, string>;
  readonly #timeoutMs: number;

  constructor(target: TargetIdentity, connections: number, timeoutMs: number) {
    this.#origin = new URL(target.baseUrl).origin;
    this.#pool = new Pool(this.#origin, {
      connections,
      pipelining: 1,
      connectTimeout: Math.min(timeoutMs, 5_000),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      keepAliveTimeout: 30_000,
    });
    const authorization = `Bearer ${target.accessToken}`;
    this.#headersJson = { authorization, 'content-type': 'application/json' };
    // The user side (/_sim/) of a mock off loopback needs its admin token (decision 0013).
    this.#headersSim =
      target.adminToken === undefined
        ? this.#headersJson
        : { ...this.#headersJson, [ADMIN_TOKEN_HEADER]: target.adminToken };
    this.#headersGet = { authorization };
    this.#timeoutMs = timeoutMs;
  }

  send(request: BuiltRequest, done: SendCallback): void {
    const follow = request.followUrlFromJson !== undefined;
    this.#exchange(request.method, request.path, request.body, follow, (first, json) => {
      if (!follow || first.errorCode !== undefined) return done(first);
      const url = json && typeof json === 'object' ? (json as Record<string, unknown>).url : undefined;
      if (typeof url !== 'string') return done({ ...first, errorCode: 'no_media_url' });
      const next = new URL(url, this.#origin);
      this.#exchange('GET', `${next.pathname}${next.search}`, undefined, false, (second) =>
        done({
          ...second,
          sentAtUs: first.sentAtUs,
          connectionWaitUs: first.connectionWaitUs,
          bytesReceived: first.bytesReceived + second.bytesReceived,
          platformUs:
            first.platformUs < 0 || second.platformUs < 0 ? -1 : first.platformUs + second.platformUs,
        }),
      );
    });
  }

  #exchange(
    method: 'GET' | 'POST',
    path: string,
    body: string | undefined,
    keepBody: boolean,
    done: (outcome: SendOutcome, json: unknown) => void,
  ): void {
    const options: Dispatcher.DispatchOptions = {
      method,
      path,
      body: body ?? null,
      headers:
        body === undefined
          ? this.#headersGet
          : path.startsWith(SIM_PREFIX)
            ? this.#headersSim
            : this.#headersJson,
      headersTimeout: this.#timeoutMs,
      bodyTimeout: this.#timeoutMs,
    };
    this.#pool.dispatch(options, new ExchangeHandler(keepBody, done));
  }

  /**
   * Opens `connections` keep-alive connections and runs the send path `requests` times (rounds of
   * as many concurrent GETs of the health path as connections), before the start instant, so the
   * run's first operations neither wait for a handshake nor run cold code (issue 9). Never fails: a
   * target that fails here fails the run's own requests, where they are counted. Resolves within
   * `withinMs`; a round is started only while time is left, so at most one is still out then.
   */
  warm(connections: number, requests: number, withinMs: number): Promise<void> {
    return new Promise((resolve) => {
      let left = Math.max(requests, connections);
      let pending = 0;
      let finished = false;
      const finish = () => {
        finished = true;
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(finish, withinMs);
      timer.unref();
      const round = () => {
        pending = Math.min(connections, left);
        left -= pending;
        for (let i = pending; i > 0; i--) this.#exchange('GET', WARM_PATH, undefined, false, done);
      };
      const done = () => {
        if (--pending > 0 || finished) return;
        if (left > 0) round();
        else finish();
      };
      round();
    });
  }

  async close(): Promise<void> {
    await this.#pool.close().catch(() => this.#pool.destroy());
  }

  async destroy(): Promise<void> {
    await this.#pool.destroy();
  }
}

/** One request's handler: counts bytes, keeps the body only when it must be read (errors, media metadata). */
class ExchangeHandler implements Dispatcher.DispatchHandler {
  readonly #keepBody: boolean;
  readonly #done: (outcome: SendOutcome, json: unknown) => void;
  readonly #createdUs = monotonicNowUs();
  #sentAtUs = 0;
  #statusCode = 0;
  #platformUs = -1;
  #bytes = 0;
  #chunks: Buffer[] | undefined;
  #finished = false;

  constructor(keepBody: boolean, done: (outcome: SendOutcome, json: unknown) => void) {
    this.#keepBody = keepBody;
    this.#done = done;
  }

  onRequestStart(): void {
    // Called again if undici retries on another socket: the first hand-over is the send.
    if (this.#sentAtUs === 0) this.#sentAtUs = monotonicNowUs();
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    this.#statusCode = statusCode;
    const sojourn = headers[SOJOURN_HEADER];
    if (typeof sojourn === 'string') this.#platformUs = Number(sojourn);
    if (statusCode >= 400 || this.#keepBody) this.#chunks = [];
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#bytes += chunk.length;
    this.#chunks?.push(chunk);
  }

  onResponseEnd(): void {
    if (this.#finished) return;
    this.#finished = true;
    const json = this.#chunks ? parseJson(this.#chunks) : undefined;
    const errorCode = this.#statusCode >= 400 ? graphCode(json, this.#statusCode) : undefined;
    this.#done(this.#outcome(this.#statusCode, errorCode, this.#platformUs), json);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#done(this.#outcome(0, transportCode(error), -1), undefined);
  }

  /** A request never handed to a socket (a connect error) counts as sent at its dispatch, with no wait. */
  #outcome(statusCode: number, errorCode: string | undefined, platformUs: number): SendOutcome {
    const sentAtUs = this.#sentAtUs || this.#createdUs;
    return {
      statusCode,
      errorCode,
      bytesReceived: this.#bytes,
      sentAtUs,
      connectionWaitUs: sentAtUs - this.#createdUs,
      platformUs,
    };
  }
}

function parseJson(chunks: Buffer[]): unknown {
  if (chunks.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

function graphCode(json: unknown, statusCode: number): string {
  const code = (json as { error?: { code?: number | string } } | undefined)?.error?.code;
  return code === undefined ? `http_${statusCode}` : String(code);
}

function transportCode(error: unknown): string {
  const code = (error as { code?: string } | undefined)?.code ?? '';
  if (code.includes('TIMEOUT')) return 'timeout';
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND') return 'connect';
  if (code === 'UND_ERR_DESTROYED' || code === 'UND_ERR_ABORTED' || code === 'UND_ERR_CLOSED')
    return 'aborted';
  return 'transport';
}
