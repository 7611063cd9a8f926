/**
 * The Graph-API error catalogue the platform answers with (shared/research/whatsapp-api.md §3).
 * Meta's current table no longer lists HTTP statuses, so the defaults follow the research
 * file's recommendation and every status can be overridden per code from the settings.
 */

export interface GraphErrorSpec {
  readonly title: string;
  /** Default `error_data.details`, used when the caller gives none. */
  readonly details: string;
  readonly httpStatus: number;
}

export const GRAPH_ERRORS = {
  0: { title: 'AuthException', details: 'Could not authenticate the app user.', httpStatus: 401 },
  1: { title: 'API Unknown', details: 'Invalid request or possible server error.', httpStatus: 400 },
  2: {
    title: 'API Service',
    details: 'Temporary due to downtime or due to being overloaded.',
    httpStatus: 503,
  },
  4: {
    title: 'API Too Many Calls',
    details: 'The app has reached its API call rate limit.',
    httpStatus: 400,
  },
  10: {
    title: 'Permission Denied',
    details: 'Permission is either not granted or has been removed.',
    httpStatus: 403,
  },
  100: { title: 'Invalid parameter', details: 'Invalid parameter.', httpStatus: 400 },
  190: { title: 'Access token has expired', details: 'Invalid OAuth access token.', httpStatus: 401 },
  130429: {
    title: 'Rate limit hit',
    details: 'Cloud API message throughput has been reached.',
    httpStatus: 400,
  },
  131000: {
    title: 'Something went wrong',
    details: 'Message failed to send due to an unknown error.',
    httpStatus: 500,
  },
  131008: {
    title: 'Required parameter is missing',
    details: 'The request is missing a required parameter.',
    httpStatus: 400,
  },
  131009: {
    title: 'Parameter value is not valid',
    details: 'One or more parameter values are invalid.',
    httpStatus: 400,
  },
  131016: {
    title: 'Service temporarily unavailable',
    details: 'A service is temporarily unavailable.',
    httpStatus: 503,
  },
  131026: { title: 'Message Undeliverable', details: 'Unable to deliver message.', httpStatus: 400 },
  131049: {
    title: 'This message was not delivered to maintain healthy ecosystem engagement.',
    details: 'Meta limits the marketing templates a user receives; this one was not delivered.',
    httpStatus: 400,
  },
  131047: {
    title: 'Re-engagement message',
    details: 'More than 24 hours have passed since the recipient last replied to the sender number.',
    httpStatus: 400,
  },
  131048: {
    title: 'Spam rate limit hit',
    details: 'Message failed to send because of spam restrictions.',
    httpStatus: 400,
  },
  131053: {
    title: 'Media upload error',
    details: 'Unable to upload the media used in the message.',
    httpStatus: 400,
  },
  131056: {
    title: '(Business Account, Consumer Account) pair rate limit hit',
    details:
      'Too many messages sent from the sender phone number to the same recipient phone number in a short period of time.',
    httpStatus: 400,
  },
  131057: {
    title: 'Account in maintenance mode',
    details: 'Business Account is in maintenance mode.',
    httpStatus: 500,
  },
  132000: {
    title: 'Number of parameters does not match the expected number of params',
    details: 'The number of parameters does not match the template.',
    httpStatus: 400,
  },
  132001: {
    title: 'Template name does not exist in the translation',
    details: 'The template does not exist in the specified language.',
    httpStatus: 404,
  },
  132012: {
    title: 'Parameter format does not match format in the created template',
    details: 'A parameter is not of the format the template was created with.',
    httpStatus: 400,
  },
  132015: {
    title: 'Template is Paused',
    details: 'The template is paused for low quality.',
    httpStatus: 400,
  },
  132016: {
    title: 'Template is Disabled',
    details: 'The template is permanently disabled for low quality.',
    httpStatus: 400,
  },
  133004: {
    title: 'Server temporarily unavailable',
    details: 'Server is temporarily unavailable.',
    httpStatus: 503,
  },
} as const satisfies Record<number, GraphErrorSpec>;

export type GraphErrorCode = keyof typeof GRAPH_ERRORS;

export interface GraphErrorBody {
  readonly error: {
    readonly message: string;
    readonly type: 'OAuthException';
    readonly code: number;
    readonly error_subcode?: number;
    readonly error_data: { readonly messaging_product: 'whatsapp'; readonly details: string };
    readonly fbtrace_id: string;
  };
}

/** A platform refusal: the HTTP status and the Graph envelope to answer with. */
export interface PlatformError {
  readonly httpStatus: number;
  readonly code: number;
  readonly body: GraphErrorBody;
}

export interface GraphErrorOptions {
  readonly details?: string;
  readonly subcode?: number;
  /** Overrides the message title, e.g. Graph's "(#100) Unsupported post request…" wording. */
  readonly title?: string;
}

const TRACE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
let traceCounter = 0;

/** A short, unique, Graph-looking trace id (deterministic: a counter, no randomness needed). */
function nextTraceId(): string {
  traceCounter = (traceCounter + 1) % 2 ** 48;
  let n = traceCounter;
  let out = 'A';
  for (let i = 0; i < 22; i++) {
    out += TRACE_CHARS[n % 64];
    n = Math.floor(n / 64) + (i * 7 + 13);
  }
  return out;
}

/** Resolves HTTP statuses once: catalogue defaults, then the settings' overrides by code. */
export class ErrorCatalogue {
  private readonly statusOverrides: ReadonlyMap<number, number>;

  constructor(httpStatusOverrides: Readonly<Record<string, number>> = {}) {
    this.statusOverrides = new Map(
      Object.entries(httpStatusOverrides).map(([code, status]) => [Number(code), status]),
    );
  }

  httpStatusOf(code: number): number {
    return this.statusOverrides.get(code) ?? specOf(code)?.httpStatus ?? 400;
  }

  error(code: number, options: GraphErrorOptions = {}): PlatformError {
    const spec = specOf(code);
    const title = options.title ?? spec?.title ?? 'Error';
    return {
      httpStatus: this.httpStatusOf(code),
      code,
      body: {
        error: {
          message: `(#${code}) ${title}`,
          type: 'OAuthException',
          code,
          ...(options.subcode === undefined ? {} : { error_subcode: options.subcode }),
          error_data: { messaging_product: 'whatsapp', details: options.details ?? spec?.details ?? title },
          fbtrace_id: nextTraceId(),
        },
      },
    };
  }
}

function specOf(code: number): GraphErrorSpec | undefined {
  return (GRAPH_ERRORS as Record<number, GraphErrorSpec>)[code];
}

export function isKnownGraphCode(code: number): code is GraphErrorCode {
  return specOf(code) !== undefined;
}
