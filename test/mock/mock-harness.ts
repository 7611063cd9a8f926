import type { Clock } from '../../src/clock.js';
import type { FastifyInstance } from 'fastify';
import { buildMockServer, type MockServerOptions } from '../../src/mock/build-mock-server.js';
import { type MockSettings, resolveMockSettings } from '../../src/scenario/mock-schema.js';

export const PHONE = '106540352242922';
export const TOKEN = 'chatload-local-token';
export const USER = '16505551234';
export const AUTH = { authorization: `Bearer ${TOKEN}` };

/**
 * Mock settings for route tests: zero service time unless the test models one (the default
 * latency estimate would only slow them down); `modelledLatency` keeps the real default.
 */
export function settingsWith(input: Record<string, unknown> = {}, modelledLatency = false): MockSettings {
  const capacity = (input.capacity ?? {}) as Record<string, unknown>;
  const zero = !modelledLatency && capacity.serviceTimeMs === undefined && capacity.latency === undefined;
  return resolveMockSettings(zero ? { ...input, capacity: { ...capacity, latency: 'off' } } : input);
}

/** The platform on a scripted time line (µs) with real timers: limits see `now()`, service still runs. */
export function clockAt(now: () => number): Clock {
  return {
    nowUs: now,
    afterUs: (delayUs, callback) => void setTimeout(callback, delayUs / 1000),
    soon: (callback) => void setImmediate(callback),
  };
}

export function build(input: Record<string, unknown> = {}, options: MockServerOptions = {}): FastifyInstance {
  return buildMockServer(settingsWith(input), options);
}

export async function userSays(
  app: FastifyInstance,
  id = 'wamid.in1',
  from = USER,
  extra: Record<string, unknown> = {},
) {
  return app.inject({
    method: 'POST',
    url: '/_sim/messages',
    payload: { phone_number_id: PHONE, from, id, type: 'text', text: { body: 'hello' }, ...extra },
  });
}

export async function send(
  app: FastifyInstance,
  payload: unknown,
  headers: Record<string, string> = AUTH,
  url = `/v23.0/${PHONE}/messages`,
) {
  return app.inject({ method: 'POST', url, headers, payload: payload as Record<string, unknown> });
}

export const textTo = (to = `+${USER}`, body = 'hi') => ({
  messaging_product: 'whatsapp',
  to,
  type: 'text',
  text: { body },
});

/** Asserts the Graph error envelope and returns its code. */
export function graphError(body: string): { code: number; message: string; details: string } {
  const parsed = JSON.parse(body) as {
    error: {
      code: number;
      message: string;
      type: string;
      error_data: { details: string; messaging_product: string };
      fbtrace_id: string;
    };
  };
  if (
    parsed.error.type !== 'OAuthException' ||
    parsed.error.error_data.messaging_product !== 'whatsapp' ||
    !parsed.error.fbtrace_id
  ) {
    throw new Error(`not a Graph error envelope: ${body}`);
  }
  if (!parsed.error.message.startsWith(`(#${parsed.error.code}) `))
    throw new Error(`bad message: ${parsed.error.message}`);
  return { code: parsed.error.code, message: parsed.error.message, details: parsed.error.error_data.details };
}
