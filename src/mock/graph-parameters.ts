import type { FastifyInstance } from 'fastify';
import { STRUCTURED_SEND_FIELDS } from '../platform/message-schema.js';

/**
 * Graph's parameter conventions: a structured parameter (an object or an array) may come as
 * its JSON text — in a form-encoded body (`curl -d 'text={"body":"hi"}'`, every field is text)
 * and in a JSON body too (whatsapp-api-js sends `contacts` as a JSON string). Such a value is
 * decoded where the send schema expects a structure; anything else is left for the schema to
 * judge, so a bad value is still a (#100).
 */
export function parseGraphForm(text: string): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, value] of new URLSearchParams(text)) body[name] = value;
  decodeStructuredFields(body);
  return body;
}

/** Decodes, in place, structured send fields that arrived as JSON text. */
export function decodeStructuredFields(body: unknown): void {
  if (typeof body !== 'object' || body === null) return;
  const fields = body as Record<string, unknown>;
  for (const name of STRUCTURED_SEND_FIELDS) {
    const value = fields[name];
    if (typeof value === 'string') fields[name] = structuredValue(value);
  }
}

function structuredValue(value: string): unknown {
  const first = value.trimStart()[0];
  if (first !== '{' && first !== '[') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export function registerFormBodies(app: FastifyInstance): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, parseGraphForm(String(body))),
  );
}
