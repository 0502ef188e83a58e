// RFC 9457 problems as the reference servers send them: `type` is `/problems/<code>`, extension members
// sit beside the standard ones. Domain functions throw ApiProblem; the server turns it into a response.
export type ProblemExtensions = Record<string, unknown>;

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  [extension: string]: unknown;
}

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: ProblemExtensions = {},
    /** Extra response headers (Retry-After). */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
    this.name = 'ApiProblem';
  }

  get type(): string {
    return `/problems/${this.code}`;
  }

  toBody(): ProblemBody {
    const body: ProblemBody = { type: this.type, title: this.title, status: this.status };
    if (this.detail !== undefined) body.detail = this.detail;
    return { ...body, ...this.extensions };
  }
}

export interface FieldIssue {
  path: string;
  message: string;
}

export const problems = {
  unauthorized: () => new ApiProblem(401, 'unauthorized', 'Missing or wrong bearer token'),
  notFound: (what: string) => new ApiProblem(404, 'not-found', 'Not found', `${what} does not exist`),
  methodNotAllowed: () => new ApiProblem(405, 'method-not-allowed', 'Method not allowed'),
  invalidRequest: (errors: FieldIssue[], detail = 'The request does not match the schema') =>
    new ApiProblem(400, 'invalid-request', 'Invalid request', detail, { errors }),
  invalidCursor: (detail: string) => new ApiProblem(400, 'invalid-cursor', 'Invalid cursor', detail),
  cursorExpired: () =>
    new ApiProblem(410, 'cursor-expired', 'Cursor expired', 'Events behind this cursor were dropped; take a new snapshot'),
  idempotencyKeyMissing: () =>
    new ApiProblem(400, 'idempotency-key-missing', 'Idempotency-Key required', 'Every POST needs an Idempotency-Key header'),
  idempotencyKeyReused: () =>
    new ApiProblem(422, 'idempotency-key-reused', 'Idempotency-Key reused', 'This key was used with a different request'),
  idempotencyKeyInFlight: () =>
    new ApiProblem(409, 'idempotency-key-in-flight', 'Request in flight', 'The first request with this key is still running'),
  preconditionRequired: () =>
    new ApiProblem(428, 'precondition-required', 'If-Match required', 'Send If-Match with the version you acted on'),
  versionMismatch: (currentVersion: number) =>
    new ApiProblem(412, 'version-mismatch', 'Version mismatch', 'The resource changed since you read it', {
      current_version: currentVersion,
    }),
  invalidTransition: (currentStatus: string, to: string) =>
    new ApiProblem(409, 'invalid-transition', 'Transition not allowed', `Cannot move from ${currentStatus} to ${to}`, {
      current_status: currentStatus,
    }),
  rateLimited: (retryAfterS: number) =>
    new ApiProblem(
      429,
      'rate-limited',
      'Too many requests',
      'Slow down and retry after the given delay',
      {},
      {
        'Retry-After': String(retryAfterS),
      },
    ),
  unavailable: (retryAfterS: number) =>
    new ApiProblem(503, 'unavailable', 'Service unavailable', 'Try again later', {}, { 'Retry-After': String(retryAfterS) }),
  internal: (detail = 'Internal error') => new ApiProblem(500, 'internal', 'Internal server error', detail),
};
