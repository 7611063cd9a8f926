import type { FastifyInstance } from 'fastify';

/**
 * Form-encoded bodies, as Graph accepts them (`curl -d 'messaging_product=whatsapp' -d
 * 'text={"body":"hi"}'`): each field is a parameter, and structured parameters are their JSON
 * text. A value that reads as a JSON object or array becomes that value; anything else stays a
 * string, so the route's schema judges it like a JSON body.
 */
export function parseGraphForm(text: string): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, value] of new URLSearchParams(text)) body[name] = structuredValue(value);
  return body;
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
