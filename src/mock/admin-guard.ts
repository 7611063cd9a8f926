import { randomBytes } from 'node:crypto';
import { ADMIN_TOKEN_HEADER, adminTokenMatches } from '../platform/admin-token.js';
import { type MockContext, type RequestGate, sendGraphError } from './mock-context.js';

/**
 * Who may use the admin routes (decision 0013). A mock listening on 127.0.0.1, ::1 or
 * localhost is on loopback: only this machine reaches it. Any other address — 0.0.0.0, ::, a
 * LAN address, even another 127.x address — counts as exposed (a Kubernetes Service, a
 * container port), and /_sim/reset, /_sim/config, /_sim/stats and /_sim/messages then need the
 * admin token, generated when none is given.
 */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.toLowerCase());
}

export function generateAdminToken(): string {
  return randomBytes(24).toString('base64url');
}

/** onRequest gate of an admin route: the admin token, or (#10) permission denied, HTTP 403. */
export function adminGate(ctx: MockContext, token: string): RequestGate {
  return (request, reply, done) => {
    const given = request.headers[ADMIN_TOKEN_HEADER];
    if (adminTokenMatches(typeof given === 'string' ? given : undefined, token)) {
      done();
      return;
    }
    sendGraphError(
      ctx,
      reply,
      ctx.platform.refusal(10, {
        title: 'Admin token required',
        details: `${request.url.split('?')[0]} needs the mock's admin token in the ${ADMIN_TOKEN_HEADER} header (the mock listens off loopback).`,
      }),
    );
  };
}
