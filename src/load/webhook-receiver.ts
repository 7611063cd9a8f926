import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ORIGIN_HEADER, SENT_AT_HEADER } from '../platform/timing-headers.js';
import { verifySignature, verifyWebhookSubscription } from '../platform/webhook-signature.js';
import { recordUs } from '../metrics/hdr-settings.js';
import {
  countPricingOf,
  emptyWebhookTally,
  shapeTallyOf,
  UNATTRIBUTED,
  WEBHOOK_STATUS_NAMES,
  type WebhookShapeTally,
  type WebhookStatusName,
  type WebhookTally,
} from '../metrics/webhook-tally.js';
import type { ShapeOfWaId } from '../traffic/user-identity.js';
import { monotonicNowUs } from '../units.js';

/**
 * The business's side of the webhooks during a run: a bare node:http server on loopback that
 * checks X-Hub-Signature-256, answers at once, then parses, attributes each update to a traffic
 * shape by its wa_id and counts it. It shares the coordinator's thread with the embedded mock,
 * so it does no schema validation and keeps no per-message state.
 */

export interface WebhookReceiverOptions {
  readonly appSecret: string;
  readonly verifyToken: string;
  readonly shapeOf: ShapeOfWaId;
  readonly nowUs?: () => number;
}

export interface RunningWebhookReceiver {
  /** The callback URL to give the platform. */
  readonly url: string;
  /** Live counters; read them after `close()` for the final figures. */
  readonly tally: WebhookTally;
  close(): Promise<void>;
}

const STATUS_SET: ReadonlySet<string> = new Set(WEBHOOK_STATUS_NAMES);

export async function startWebhookReceiver(options: WebhookReceiverOptions): Promise<RunningWebhookReceiver> {
  const tally = emptyWebhookTally();
  const nowUs = options.nowUs ?? monotonicNowUs;
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET') handshake(req, res, options.verifyToken, tally);
    else if (req.method === 'POST') receivePost(req, res, options, tally, nowUs);
    else res.writeHead(405, { allow: 'GET, POST' }).end();
  });
  // The mock keeps its connections alive between batches; don't let idle ones hold close() up.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    tally,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

function handshake(
  req: IncomingMessage,
  res: ServerResponse,
  verifyToken: string,
  tally: WebhookTally,
): void {
  tally.handshakes += 1;
  const query = Object.fromEntries(new URL(req.url ?? '/', 'http://receiver').searchParams);
  const answer = verifyWebhookSubscription(query, verifyToken);
  if (answer.ok) {
    res.writeHead(200, { 'content-type': 'text/plain' }).end(answer.challenge);
    return;
  }
  tally.handshakesRefused += 1;
  res.writeHead(403, { 'content-type': 'text/plain' }).end(answer.reason);
}

function receivePost(
  req: IncomingMessage,
  res: ServerResponse,
  options: WebhookReceiverOptions,
  tally: WebhookTally,
  nowUs: () => number,
): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const arrivedUs = nowUs();
    const raw = Buffer.concat(chunks);
    const body = raw.toString('utf8');
    const signed = verifySignature(body, headerText(req.headers['x-hub-signature-256']), options.appSecret);
    // Answer before counting: the platform's delivery time should not include our bookkeeping.
    res.writeHead(signed ? 200 : 401).end();
    tally.posts += 1;
    tally.bytes += raw.length;
    if (!signed) tally.rejectedPosts += 1;
    // Payload timestamps are whole Unix seconds, too coarse for a delay: the mock stamps µs headers.
    const sentAtUs = Number(headerText(req.headers[SENT_AT_HEADER]));
    const delayUs = Number.isFinite(sentAtUs) && sentAtUs > 0 ? arrivedUs - sentAtUs : undefined;
    const origins = headerText(req.headers[ORIGIN_HEADER])?.split(',').map(Number);
    countBody(body, raw.length, signed, { delayUs, arrivedUs, originsUs: origins }, options.shapeOf, tally);
  });
  req.on('error', () => res.destroy());
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

interface PostCounts {
  readonly perShape: Map<string, number>;
  total: number;
}

/** When the POST was sent and arrived, and each update's origin (µs, monotonic), as far as known. */
export interface PostTiming {
  readonly delayUs: number | undefined;
  readonly arrivedUs: number;
  readonly originsUs: readonly number[] | undefined;
}

/** Walks entry[].changes[].value and counts its messages and statuses; a rejected POST only counts failures. */
export function countBody(
  body: string,
  bytes: number,
  signed: boolean,
  timing: PostTiming,
  shapeOf: ShapeOfWaId,
  tally: WebhookTally,
): void {
  const { delayUs } = timing;
  let envelope: unknown;
  try {
    envelope = JSON.parse(body);
  } catch {
    if (signed) tally.malformedPosts += 1;
    return;
  }
  const entries = field(envelope, 'entry');
  if (!Array.isArray(entries)) {
    if (signed) tally.malformedPosts += 1;
    return;
  }
  const post: PostCounts = { perShape: new Map(), total: 0 };
  const bucket = (waId: unknown): WebhookShapeTally => {
    const shape = (typeof waId === 'string' ? shapeOf(waId) : undefined) ?? UNATTRIBUTED;
    post.perShape.set(shape, (post.perShape.get(shape) ?? 0) + 1);
    post.total += 1;
    const entry = shapeTallyOf(tally, shape);
    if (!signed) entry.signatureFailures += 1;
    else {
      const originUs = timing.originsUs?.[post.total - 1];
      entry.updates += 1;
      if (delayUs === undefined) entry.delayUnmeasured += 1;
      else recordUs(entry.delayUs, delayUs);
      if (originUs === undefined || !Number.isFinite(originUs) || originUs <= 0) entry.originUnmeasured += 1;
      else recordUs(entry.originDelayUs, timing.arrivedUs - originUs);
    }
    return entry;
  };
  for (const item of entries) {
    const changes = field(item, 'changes');
    if (!Array.isArray(changes)) continue;
    for (const change of changes) {
      const value = field(change, 'value');
      const messages = field(value, 'messages');
      if (Array.isArray(messages)) {
        for (const message of messages) {
          const entry = bucket(field(message, 'from'));
          if (signed) entry.messages += 1;
        }
      }
      const statuses = field(value, 'statuses');
      if (Array.isArray(statuses))
        for (const status of statuses) countStatus(status, bucket(field(status, 'recipient_id')), signed);
    }
  }
  if (!signed) return;
  // Bytes follow the updates: a mixed batch is split over its shapes by their share of it.
  for (const [shape, n] of post.perShape) {
    const entry = shapeTallyOf(tally, shape);
    entry.posts += 1;
    entry.bytes += post.total === 0 ? 0 : (bytes * n) / post.total;
  }
}

function countStatus(status: unknown, entry: WebhookShapeTally, signed: boolean): void {
  if (!signed) return;
  const name = field(status, 'status');
  if (typeof name === 'string' && STATUS_SET.has(name)) entry.statuses[name as WebhookStatusName] += 1;
  if (name === 'failed') {
    const errors = field(status, 'errors');
    const code = Array.isArray(errors) ? field(errors[0], 'code') : undefined;
    const key = typeof code === 'number' ? String(code) : 'unknown';
    entry.failedByCode[key] = (entry.failedByCode[key] ?? 0) + 1;
  }
  if (name !== 'sent') return;
  const pricing = field(status, 'pricing');
  const category = field(pricing, 'category');
  if (typeof category !== 'string') return;
  const type = field(pricing, 'type');
  countPricingOf(
    entry,
    category,
    field(pricing, 'billable') === true,
    typeof type === 'string' ? type : undefined,
  );
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}
