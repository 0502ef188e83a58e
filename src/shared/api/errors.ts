// Errors cross the UI/backend boundary as data with a kind and a message a clerk can act on.
export const apiErrorKinds = ['validation', 'forbidden', 'not_found', 'conflict', 'unavailable', 'internal', 'unauthenticated'] as const;
export type ApiErrorKind = (typeof apiErrorKinds)[number];

export interface ApiError {
  kind: ApiErrorKind;
  /** What went wrong and what to do about it, in words a clerk understands. */
  message: string;
  /** Field-level problems for `validation`, e.g. [{ path: 'lines.2.qty', message: 'must be a multiple of 6' }]. */
  issues?: { path: string; message: string }[];
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Thrown inside the backend; the dispatcher turns it into an `ApiError`. */
export class ApiFailure extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
  toData(): ApiError {
    return this.issues ? { kind: this.kind, message: this.message, issues: this.issues } : { kind: this.kind, message: this.message };
  }
}
