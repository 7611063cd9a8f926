import type { RunningMockServer } from '../mock/start-mock-server.js';
import { ADMIN_TOKEN_HEADER } from '../platform/admin-token.js';
import type { MockSettings } from '../scenario/mock-schema.js';

/** What `chatload serve` prints once listening: where to send, with which tokens, under which model. */
export function describeServer(mock: RunningMockServer, settings: MockSettings, metricsUrl?: string): string {
  const { url } = mock;
  const hooks = settings.webhooks;
  const webhook =
    hooks.url && hooks.enabled
      ? `${hooks.url} (${mock.webhookSubscribed ? 'subscribed: it echoed the challenge' : 'not subscribed at start'}; signed with appSecret, ≤ ${hooks.batchMaxItems} update${hooks.batchMaxItems === 1 ? '' : 's'} per POST)`
      : 'off (--webhook-url or webhooks.url)';
  const lines = [
    `chatload mock listening on ${url}`,
    `  send:            POST ${url}/v23.0/${settings.phoneNumberId}/messages`,
    `  phone number id: ${[settings.phoneNumberId, ...settings.extraPhoneNumberIds].join(', ')}   WABA id: ${settings.wabaId}`,
    `  access token:    ${settings.accessToken}`,
    `  user side:       POST ${url}/_sim/messages   stats: GET ${url}/_sim/stats`,
  ];
  if (mock.adminToken !== undefined)
    lines.push(
      `  admin token:     ${mock.adminToken}${mock.adminTokenGenerated ? ' (generated: off loopback)' : ''} — header ${ADMIN_TOKEN_HEADER} on /_sim/messages, /stats, /config, /reset`,
    );
  lines.push(
    `  webhooks:        ${webhook}`,
    `  limits:          ${settings.enforceThroughput ? `${settings.throughputPerSecond} msg/s per number` : 'throughput off'}, ` +
      `${settings.pairRate.enabled ? `pair 1/${settings.pairRate.intervalSeconds}s burst ${settings.pairRate.burst}` : 'pair rate off'}, ` +
      `capacity ${settings.capacity.slots} slots + queue ${settings.capacity.queueLimit}`,
    `  latency:         ${describeLatency(settings.capacity)}`,
    `  templates:       ${settings.enforceTemplates ? settings.templates.map((t) => `${t.name} (${t.language})`).join(', ') : 'any name (enforceTemplates: false)'}`,
    ...(metricsUrl === undefined ? [] : [`  metrics:         ${metricsUrl}`]),
    'Press Ctrl-C to stop.',
    '',
  );
  return lines.join('\n');
}

function describeLatency(capacity: MockSettings['capacity']): string {
  if (capacity.latency === 'off') return 'off (zero service time)';
  const kinds = Object.entries(capacity.serviceTimeMs).map(([kind, dist]) => {
    const { dist: name, ...params } = dist;
    const values = Object.entries(params)
      .map(([key, value]) => `${key} ${value}`)
      .join(', ');
    return `${kind}: ${name} ${values}`;
  });
  return `modelled, ms (${kinds.join('; ') || 'zero'}); --latency off for none`;
}
