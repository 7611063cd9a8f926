import { Pool } from 'undici';
import type { BuiltRequest } from './request-builder.js';
import type { TargetIdentity } from './protocol.js';

/** What came back for one operation: an error code when it failed, and bytes read. */
export interface SendOutcome {
  readonly statusCode: number;
  /** Graph error code ("130429"), "http_<status>", "timeout", "connect" or "transport"; undefined on success. */
  readonly errorCode: string | undefined;
  readonly bytesReceived: number;
}

interface GraphErrorBody {
  error?: { code?: number | string };
}

/**
 * Sends built requests over one keep-alive connection pool per worker (undici). The pool
 * queues beyond its connections; that waiting is part of the latency measured from the
 * intended time, as it would be for a real client.
 */
export class OperationSender {
  readonly #pool: Pool;
  readonly #origin: string;
  readonly #authorization: string;
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
    this.#authorization = `Bearer ${target.accessToken}`;
    this.#timeoutMs = timeoutMs;
  }

  async send(request: BuiltRequest): Promise<SendOutcome> {
    try {
      const first = await this.#exchange(request.method, request.path, request.body);
      if (first.errorCode !== undefined || request.followUrlFromJson === undefined) return first.outcome;
      const url = first.json && typeof first.json === 'object' ? (first.json as Record<string, unknown>).url : undefined;
      if (typeof url !== 'string') return { ...first.outcome, errorCode: 'no_media_url' };
      const target = new URL(url, this.#origin);
      const second = await this.#exchange('GET', `${target.pathname}${target.search}`, undefined);
      return { ...second.outcome, bytesReceived: first.outcome.bytesReceived + second.outcome.bytesReceived };
    } catch (error) {
      return { statusCode: 0, errorCode: transportCode(error), bytesReceived: 0 };
    }
  }

  async #exchange(method: 'GET' | 'POST', path: string, body: string | undefined) {
    const response = await this.#pool.request({
      method,
      path,
      headers: body === undefined ? { authorization: this.#authorization } : { authorization: this.#authorization, 'content-type': 'application/json' },
      body,
      headersTimeout: this.#timeoutMs,
      bodyTimeout: this.#timeoutMs,
    });
    const buffer = Buffer.from(await response.body.arrayBuffer());
    const isJson = String(response.headers['content-type'] ?? '').includes('json');
    const json: unknown = isJson && buffer.length > 0 ? safeParse(buffer) : undefined;
    const errorCode = response.statusCode >= 400 ? graphCode(json, response.statusCode) : undefined;
    return { outcome: { statusCode: response.statusCode, errorCode, bytesReceived: buffer.length }, errorCode, json };
  }

  async close(): Promise<void> {
    await this.#pool.close().catch(() => this.#pool.destroy());
  }

  async destroy(): Promise<void> {
    await this.#pool.destroy();
  }
}

function safeParse(buffer: Buffer): unknown {
  try {
    return JSON.parse(buffer.toString('utf8'));
  } catch {
    return undefined;
  }
}

function graphCode(json: unknown, statusCode: number): string {
  const code = (json as GraphErrorBody | undefined)?.error?.code;
  return code === undefined ? `http_${statusCode}` : String(code);
}

function transportCode(error: unknown): string {
  const code = (error as { code?: string } | undefined)?.code ?? '';
  if (code.includes('TIMEOUT')) return 'timeout';
  if (code === 'ECONNREFUSED' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ENOTFOUND') return 'connect';
  if (code === 'UND_ERR_DESTROYED' || code === 'UND_ERR_ABORTED') return 'aborted';
  return 'transport';
}
