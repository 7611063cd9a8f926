import { request } from 'undici';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ChatloadError } from '../errors.js';
import { ADMIN_TOKEN_HEADER } from '../platform/admin-token.js';
import { type PlatformStats, PlatformStatsSchema } from '../platform/platform-stats-schema.js';

/** A target must answer within this time, or the run stops with a clear error instead of hanging. */
export const PROBE_TIMEOUT_MS = 4_000;

/**
 * Checks, before any load, that the target is up and speaks chatload's mock surface
 * (GET /_sim/health): the user's side of every conversation is played through /_sim/.
 */
export async function probeTarget(baseUrl: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<void> {
  const url = new URL('/_sim/health', baseUrl);
  let statusCode: number;
  try {
    const response = await request(url, {
      method: 'GET',
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    statusCode = response.statusCode;
    await response.body.dump();
  } catch (error) {
    const { name, message } = error as Error;
    const code = (error as { code?: unknown }).code;
    // AbortSignal.timeout rejects with a DOMException (name TimeoutError, legacy numeric code 23).
    const timedOut =
      name === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
    const why = timedOut
      ? `no answer to GET /_sim/health within the ${timeoutMs} ms probe timeout`
      : `${typeof code === 'string' ? code : name}: ${message}`;
    throw new ChatloadError(
      'CHATLOAD_E_TARGET_UNREACHABLE',
      `target ${baseUrl} is unreachable (${why}); is the server running and the URL right?`,
      {
        cause: error,
      },
    );
  }
  if (statusCode !== 200) {
    throw new ChatloadError(
      'CHATLOAD_E_TARGET_UNREACHABLE',
      `target ${baseUrl} answered GET /_sim/health with HTTP ${statusCode}; it must be a chatload mock (chatload serve) or speak its /_sim/ API`,
    );
  }
}

const statsChecker = TypeCompiler.Compile(PlatformStatsSchema);

/** The target's platform statistics at the end of a run; undefined when it does not offer them in chatload's shape. */
export async function fetchPlatformStats(
  baseUrl: string,
  adminToken?: string,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<PlatformStats | undefined> {
  try {
    const response = await request(new URL('/_sim/stats', baseUrl), {
      method: 'GET',
      signal: AbortSignal.timeout(timeoutMs),
      ...(adminToken === undefined ? {} : { headers: { [ADMIN_TOKEN_HEADER]: adminToken } }),
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      return undefined;
    }
    const body: unknown = await response.body.json();
    return statsChecker.Check(body) ? body : undefined;
  } catch {
    return undefined;
  }
}
