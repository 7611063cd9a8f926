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

/**
 * Body parsers with Graph's conventions: JSON (prototype poisoning still refused, then
 * structured fields decoded, with no extra hook per request) and form-encoded.
 */
export function registerGraphBodyParsers(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'ignore');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = String(body);
    const finish = (error: Error | null, value?: unknown) => {
      if (error === null && mayHoldJsonText(text)) decodeStructuredFields(value);
      done(error, value);
    };
    // Hot path: text that cannot spell "__proto__" (no "proto", no \u escape) needs no poisoning
    // scan; anything else, and any syntax error, goes through fastify's own parser and errors.
    if (text.length > 0 && !text.includes('proto') && !text.includes('\\u')) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        parseJson(request, text, finish);
        return;
      }
      finish(null, value);
      return;
    }
    parseJson(request, text, finish);
  });
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, parseGraphForm(String(body))),
  );
}

/** Whether some string value of the raw JSON starts with { or [ (a structured field sent as JSON text). */
function mayHoldJsonText(text: string): boolean {
  return text.includes('"{') || text.includes('"[');
}
